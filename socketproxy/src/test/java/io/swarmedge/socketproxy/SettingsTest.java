package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.socketproxy.policy.Section;
import io.swarmedge.socketproxy.policy.TecnativaPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Tecnativa's environment variables and listen addresses. */
class SettingsTest {
    @Test
    void tecnativaDefaultsAreEventsPingAndVersionReadOnly() {
        var policy = TecnativaPolicy.defaults();
        assertThat(policy.sections()).containsExactlyInAnyOrder(Section.EVENTS, Section.PING, Section.VERSION);
        assertThat(policy.post()).isFalse();
        assertThat(policy.allowStart() || policy.allowStop() || policy.allowRestarts())
                .isFalse();
    }

    @Test
    void theSeedsVariablesEnableTheirSections() {
        var policy = TecnativaPolicy.fromEnvironment(Map.of(
                "CONTAINERS",
                "1",
                "SERVICES",
                "1",
                "NODES",
                "1",
                "NETWORKS",
                "1",
                "TASKS",
                "1",
                "VERSION",
                "1",
                "EVENTS",
                "0"));
        assertThat(policy.sections())
                .containsExactlyInAnyOrder(
                        Section.CONTAINERS,
                        Section.SERVICES,
                        Section.NODES,
                        Section.NETWORKS,
                        Section.TASKS,
                        Section.VERSION,
                        Section.PING);
    }

    @Test
    void booleansReadLikeHaproxyAndWordsAreAccepted() {
        assertThat(TecnativaPolicy.flag(Map.of("X", "2"), "X", false)).isTrue();
        assertThat(TecnativaPolicy.flag(Map.of("X", " true "), "X", false)).isTrue();
        assertThat(TecnativaPolicy.flag(Map.of("X", "0"), "X", true)).isFalse();
        assertThat(TecnativaPolicy.flag(Map.of("X", ""), "X", true)).isFalse();
        assertThat(TecnativaPolicy.flag(Map.of(), "X", true)).isTrue();
    }

    @Test
    void anUnreadableValueIsAnErrorNamingTheVariable() {
        assertThatThrownBy(() -> TecnativaPolicy.fromEnvironment(Map.of("SECRETS", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SECRETS=\"maybe\"");
    }

    @Test
    void listenAddresses() {
        assertThat(ListenAddress.parse(":2375")).isEqualTo(new ListenAddress("", 2375));
        assertThat(ListenAddress.parse(":2375").socketAddress(true).getAddress().getHostAddress())
                .isEqualTo("0.0.0.0");
        assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress("::1", 80));
        assertThat(ListenAddress.parse("127.0.0.1:0").toString()).isEqualTo("127.0.0.1:0");
        assertThatThrownBy(() -> ListenAddress.parse("2375")).hasMessageContaining("\"2375\"");
        assertThatThrownBy(() -> ListenAddress.parse("::1:80")).hasMessageContaining("[ADDR]:PORT");
    }

    @Test
    void healthProbeSaysWhatIsWrong() {
        var problem =
                HealthProbe.check(new java.net.InetSocketAddress("127.0.0.1", 1), java.time.Duration.ofSeconds(2));
        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("GET /_ping"));
    }
}
