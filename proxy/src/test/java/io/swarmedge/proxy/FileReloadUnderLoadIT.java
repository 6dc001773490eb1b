package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.ConfigWatcher;
import io.swarmedge.config.provider.FileProvider;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole reload path as the {@code proxy} command wires it: a watched YAML file → file provider →
 * config watcher → compile → swap, edited repeatedly while clients keep requesting. No request fails
 * and every edit shows within a few seconds.
 */
class FileReloadUnderLoadIT {
    @TempDir
    Path dir;

    private static String yaml(String backendName, URI a, URI b, int generation) {
        URI target = backendName.equals("a") ? a : b;
        return """
                http:
                  routers:
                    app:
                      rule: PathPrefix(`/app`)
                      service: app%d
                      middlewares: [tag]
                  middlewares:
                    tag:
                      headers:
                        customResponseHeaders:
                          X-Generation: "%d"
                  services:
                    app%d:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(generation % 2, generation, generation % 2, target);
    }

    @Test
    void editsApplyUnderLoadWithoutFailedRequests() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        try (WhoamiServer a = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
                WhoamiServer b = WhoamiServer.start(WhoamiOptions.loopback().withName("b"));
                ProxyServer proxy =
                        ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            Files.writeString(file, yaml("a", a.uri(), b.uri(), 0));
            ConfigWatcher watcher = new ConfigWatcher(
                    List.of(new FileProvider(file, false, true, Duration.ofMillis(200), Clock.systemUTC())),
                    new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, Set.of("web")),
                    Duration.ofMillis(100),
                    Clock.systemUTC(),
                    merged -> proxy.apply(merged.config()));
            watcher.start();
            // the first configuration is applied on the watcher's thread: load starts once it is there
            assertThat(watcher.awaitFirst(Duration.ofSeconds(10))).isPresent();
            URI uri = URI.create("http://127.0.0.1:" + proxy.port("web") + "/app");
            AtomicReference<String> lastGeneration = new AtomicReference<>("");
            try (RequestLoad load = RequestLoad.start(
                    client,
                    uri,
                    3,
                    r -> lastGeneration.set(
                            r.headers().firstValue("X-Generation").orElse("")))) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> lastGeneration.get().equals("0"));
                for (int generation = 1; generation <= 8; generation++) {
                    Path next = dir.resolve("next.yml");
                    Files.writeString(next, yaml(generation % 2 == 0 ? "a" : "b", a.uri(), b.uri(), generation));
                    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    String expected = Integer.toString(generation);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> lastGeneration.get().equals(expected));
                }
                load.stop();
                watcher.close();
                assertThat(load.failed())
                        .as("failed requests (first: %s)", load.firstFailure().orElse(""))
                        .isZero();
                assertThat(load.ok()).isGreaterThan(50);
                assertThat(b.requestCount("/app")).isPositive();
            }
        }
    }
}
