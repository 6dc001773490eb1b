package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.staticconfig.AccessLog;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.Log;
import io.swarmedge.config.staticconfig.Metrics;
import io.swarmedge.config.staticconfig.Ping;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /ping, Prometheus metrics with Traefik's names, and the access log. */
class ObservabilityIT {
    @TempDir
    Path dir;

    @Test
    void pingMetricsAndAccessLog() throws Exception {
        Path logFile = dir.resolve("access.json");
        EntryPoint web = entryPoint("web");
        EntryPoint internal = entryPoint("traefik");
        StaticConfig config = new StaticConfig(
                Map.of("web", web, "traefik", internal),
                new Providers(Providers.FileProvider.DISABLED, Providers.SwarmProvider.DISABLED, Duration.ofSeconds(2)),
                new Ping(true, "traefik", 503),
                new Metrics(true, "traefik", List.of(0.1, 0.3, 1.2, 5.0), true, true, true),
                new AccessLog(true, logFile.toString(), AccessLog.Format.JSON, 0),
                Log.DEFAULT,
                RuleSyntax.V3,
                Map.of(),
                StaticConfig.DefaultServersTransport.DEFAULT);
        try (WhoamiServer backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
                ProxyServer proxy = ProxyServer.start(config, TestConfigs.RULES, TestConfigs.MIDDLEWARES)) {
            proxy.apply(config(
                    Map.of("app@file", router("PathPrefix(`/`)", "app@file")), Map.of("app@file", lb(backend.uri()))));
            try (RawHttp admin = new RawHttp(proxy.port("traefik"));
                    RawHttp http = new RawHttp(proxy.port("web"))) {
                RawHttp.Response ping = admin.get("/ping", "localhost");
                assertThat(ping.status()).isEqualTo(200);
                assertThat(ping.text()).isEqualTo("OK");
                for (int i = 0; i < 3; i++) {
                    assertThat(http.get("/hello", "app.test").status()).isEqualTo(200);
                }
                // The web entrypoint does not serve /ping: it is routed like any request.
                assertThat(http.get("/ping", "app.test").text()).contains("GET /ping");
                String metrics = admin.get("/metrics", "localhost").text();
                assertThat(metrics)
                        .contains(
                                "traefik_entrypoint_requests_total{code=\"200\",entrypoint=\"web\",method=\"GET\",protocol=\"http\"} 4.0")
                        .contains(
                                "traefik_entrypoint_request_duration_seconds_bucket{code=\"200\",entrypoint=\"web\",method=\"GET\",protocol=\"http\",le=\"0.1\"}")
                        .contains("traefik_entrypoint_open_connections{entrypoint=\"web\",protocol=\"http\"}")
                        .contains(
                                "traefik_router_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",router=\"app@file\",service=\"app@file\"} 4.0")
                        .contains(
                                "traefik_service_requests_total{code=\"200\",method=\"GET\",protocol=\"http\",service=\"app@file\"} 4.0")
                        .contains("traefik_service_request_duration_seconds_bucket")
                        .contains("traefik_service_server_up{service=\"app@file\",url=\"" + backend.uri() + "\"} 1.0")
                        .contains("traefik_config_reloads_total 1.0")
                        .contains("traefik_config_last_reload_success ");
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            Files.exists(logFile) && Files.readAllLines(logFile).size() >= 4);
            String line = Files.readAllLines(logFile).getFirst();
            assertThat(line)
                    .contains("\"RequestPath\":\"/hello\"")
                    .contains("\"DownstreamStatus\":200")
                    .contains("\"RouterName\":\"app@file\"")
                    .contains("\"ServiceURL\":\"" + backend.uri() + "\"")
                    .contains("\"entryPointName\":\"web\"");
        }
    }
}
