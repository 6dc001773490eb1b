package io.swarmedge.cli.downtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DowntimeOptionsTest {
    private static DowntimeOptions options(String url, Duration duration, int rate, int concurrency, String host) {
        return new DowntimeOptions(
                URI.create(url), duration, rate, concurrency, MethodMix.BOTH, Duration.ofSeconds(1), host);
    }

    @Test
    void derivesRequestLineAndHost() {
        DowntimeOptions o = options("http://127.0.0.1:8080/a/b?x=1", Duration.ofSeconds(30), 50, 4, "");
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.requestTarget()).isEqualTo("/a/b?x=1");
        assertThat(o.host()).isEqualTo("127.0.0.1:8080");
        DowntimeOptions plain = options("http://192.168.213.250", Duration.ofSeconds(30), 50, 4, "whoami.localhost");
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.requestTarget()).isEqualTo("/");
        assertThat(plain.host()).isEqualTo("whoami.localhost");
    }

    @Test
    void halfTheWorkersKeepConnections() {
        DowntimeOptions o = options("http://127.0.0.1/", Duration.ofSeconds(1), 10, 4, "");
        assertThat(o.modeOf(0)).isEqualTo(ConnectionMode.NEW);
        assertThat(o.modeOf(1)).isEqualTo(ConnectionMode.KEEP_ALIVE);
        assertThat(o.modeOf(2)).isEqualTo(ConnectionMode.NEW);
        assertThat(o.modeOf(3)).isEqualTo(ConnectionMode.KEEP_ALIVE);
        assertThat(MethodMix.BOTH.methodFor(0)).isEqualTo("GET");
        assertThat(MethodMix.BOTH.methodFor(1)).isEqualTo("POST");
    }

    @Test
    void refusesWhatItCannotDo() {
        assertThatThrownBy(() -> options("https://127.0.0.1/", Duration.ofSeconds(1), 10, 1, ""))
                .hasMessageContaining("only http://");
        assertThatThrownBy(() -> options("http://127.0.0.1/", Duration.ZERO, 10, 1, ""))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> options("http://127.0.0.1/", Duration.ofSeconds(1), 0, 1, ""))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> options("http://127.0.0.1/", Duration.ofSeconds(1), 10, 0, ""))
                .hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> options("http://127.0.0.1/", Duration.ofSeconds(1), 10, 1, "a b"))
                .hasMessageContaining("--host-header");
        assertThatThrownBy(() -> options("http://127.0.0.1/", Duration.ofHours(24), 10_000, 1, ""))
                .hasMessageContaining("at most");
    }
}
