package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.ConfigWatcher;
import io.swarmedge.config.provider.FileProvider;
import io.swarmedge.config.provider.Provider;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.provider.ProviderStatus;
import io.swarmedge.config.staticconfig.Metrics;
import io.swarmedge.config.staticconfig.Ping;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ping} is the proxy's readiness for {@code vip} and load balancers: 503 with the reason
 * until every configured provider's first configuration is live, 200 from then on (also when a
 * provider later loses its source), the terminating status once shutdown starts.
 */
class PingReadinessIT {
    private static final Ping PING = new Ping(true, "traefik", 503);

    @TempDir
    Path dir;

    @Test
    void withoutProvidersPingIsOkAtOnceLikeTraefik() throws Exception {
        try (ProxyServer proxy =
                ProxyServer.start(staticConfig(PING, Metrics.DISABLED), TestConfigs.RULES, TestConfigs.MIDDLEWARES)) {
            RawHttp.Response ping = ping(proxy);
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.text()).isEqualTo("OK");
        }
    }

    @Test
    void pingWaitsForEveryProviderThenStaysOkUntilShutdown() throws Exception {
        ProxyServer proxy = ProxyServer.start(
                staticConfig(PING, Metrics.DISABLED, entryPoint("web")),
                TestConfigs.RULES,
                TestConfigs.MIDDLEWARES,
                Set.of("file", "swarm"));
        try {
            RawHttp.Response before = ping(proxy);
            assertThat(before.status()).isEqualTo(503);
            assertThat(before.text()).isEqualTo("starting: waiting for providers file, swarm");

            proxy.apply(DynamicConfig.EMPTY, Set.of("file"));
            RawHttp.Response half = ping(proxy);
            assertThat(half.status()).isEqualTo(503);
            assertThat(half.text()).isEqualTo("starting: waiting for provider swarm");

            proxy.apply(DynamicConfig.EMPTY, Set.of("file", "swarm"));
            assertThat(ping(proxy).status()).isEqualTo(200);
            // A later configuration without a provider (say it never republishes) keeps the proxy ready.
            proxy.apply(DynamicConfig.EMPTY, Set.of("file"));
            assertThat(ping(proxy).status()).isEqualTo(200);
        } finally {
            proxy.shutdown();
        }
        assertThat(proxy.readiness().reason()).isEqualTo("Terminating");
    }

    @Test
    void fileAndSwarmProvidersThroughTheWatcher() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        try (WhoamiServer backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"))) {
            Files.writeString(file, """
                    http:
                      routers:
                        a: {rule: "Host(`a.test`)", service: a}
                      services:
                        a: {loadBalancer: {servers: [{url: "%s"}]}}
                    """.formatted(backend.uri()));
            ProxyServer proxy = ProxyServer.start(
                    staticConfig(PING, Metrics.DISABLED, entryPoint("web")),
                    TestConfigs.RULES,
                    TestConfigs.MIDDLEWARES,
                    Set.of("file", "swarm"));
            SwarmStub swarm = new SwarmStub();
            ConfigWatcher watcher = new ConfigWatcher(
                    List.of(FileProvider.from(new Providers.FileProvider(true, file.toString(), "", true)), swarm),
                    new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, Set.of("web", "traefik")),
                    Duration.ofMillis(200),
                    Clock.systemUTC(),
                    merged -> proxy.apply(merged.config(), merged.providers()));
            try {
                watcher.start();
                // The file is read and routed, but the swarm has not answered yet: not ready.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    try (RawHttp http = new RawHttp(proxy.port("web"))) {
                        assertThat(http.get("/", "a.test").status()).isEqualTo(200);
                    }
                });
                RawHttp.Response waiting = ping(proxy);
                assertThat(waiting.status()).isEqualTo(503);
                assertThat(waiting.text()).isEqualTo("starting: waiting for provider swarm");

                // The swarm's first snapshot has no labelled service: it changes no route, yet it counts.
                swarm.publish(new ProviderSnapshot("swarm", DynamicConfig.EMPTY, List.of()));
                await().atMost(Duration.ofSeconds(10)).until(() -> ping(proxy).status() == 200);

                // The file disappears: its last good configuration keeps routing, the proxy stays ready.
                Files.delete(file);
                await().during(Duration.ofMillis(1500)) // three of the file provider's checks
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> ping(proxy).status() == 200);
                try (RawHttp http = new RawHttp(proxy.port("web"))) {
                    assertThat(http.get("/", "a.test").status()).isEqualTo(200);
                }
            } finally {
                watcher.close();
                proxy.close();
            }
        }
    }

    private static RawHttp.Response ping(ProxyServer proxy) throws Exception {
        try (RawHttp http = new RawHttp(proxy.port("traefik"))) {
            return http.get("/ping", "localhost");
        }
    }

    /** The swarm provider's part, driven by the test (the real one needs a Docker API). */
    private static final class SwarmStub implements Provider {
        private volatile Listener listener;

        @Override
        public String name() {
            return "swarm";
        }

        @Override
        public void start(Listener listener) {
            this.listener = listener;
        }

        void publish(ProviderSnapshot snapshot) {
            listener.onSnapshot(snapshot);
        }

        @Override
        public void stop() {}

        @Override
        public ProviderStatus status() {
            return new ProviderStatus(ProviderStatus.Health.OK, Instant.EPOCH, "");
        }
    }
}
