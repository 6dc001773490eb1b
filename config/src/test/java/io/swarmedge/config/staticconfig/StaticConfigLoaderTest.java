package io.swarmedge.config.staticconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticConfigLoaderTest {
    @Test
    void supportedKeysListsTheIssueKeysWithTheirKinds() {
        assertThat(StaticConfigLoader.supportedKeys())
                .contains(
                        "entryPoints.<name>.address  (string)",
                        "entryPoints.<name>.http.tls  (section)",
                        "entryPoints.<name>.http.tls.domains[n].main  (string)",
                        "entryPoints.<name>.transport.respondingTimeouts.readTimeout  (duration)",
                        "providers.file.filename  (string)",
                        "ping  (section)",
                        "metrics.prometheus.buckets  (list)",
                        "certificatesResolvers.<name>.acme.httpChallenge.entryPoint  (string)");
    }

    @Test
    void exceptionMessageListsEveryErrorOnItsOwnLine() {
        assertThatThrownBy(() -> StaticConfigLoader.load(List.of("--pingg", "--log.level=loud"), Map.of()))
                .isInstanceOfSatisfying(StaticConfigException.class, e -> {
                    assertThat(e.errors()).hasSize(2);
                    assertThat(e.getMessage())
                            .startsWith("2 errors in the static configuration:\n  ")
                            .contains("--pingg is not a known key (did you mean \"ping\"?)")
                            .contains("\n  --log.level: \"loud\" is not a log level");
                });
    }

    @Test
    void aSingleErrorIsTheWholeMessage() {
        assertThatThrownBy(() -> StaticConfigLoader.load(List.of("--api"), Map.of()))
                .hasMessage(
                        "--api: the API and dashboard are not supported by swarmedge (set --api=false or remove it)");
    }

    @Test
    void summaryDescribesTheSeedConfiguration() throws StaticConfigException {
        StaticConfig c = StaticConfigLoader.load(
                List.of(
                        "--entrypoints.web.address=:80",
                        "--entrypoints.web.http.redirections.entryPoint.to=websecure",
                        "--entrypoints.websecure.address=:443",
                        "--entrypoints.websecure.http.tls.options=default@file",
                        "--providers.docker.swarmMode=true",
                        "--providers.docker.network=web-servers",
                        "--ping"),
                Map.of());
        assertThat(StaticConfigSummary.describe(c))
                .contains("  web          :80  redirect to websecure (https, permanent)")
                .contains("  websecure    :443  tls options=default@file")
                .contains("  traefik      :8080")
                .contains(
                        "docker       unix:///var/run/docker.sock exposedByDefault=true network=web-servers (watched)")
                .contains("ping:          /ping on traefik");
    }
}
