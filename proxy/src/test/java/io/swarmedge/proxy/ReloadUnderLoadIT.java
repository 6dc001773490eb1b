package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swapping runtimes while clients hammer the proxy loses no request. */
class ReloadUnderLoadIT {
    @Test
    void hotReloadsUnderLoadFailNoRequest() throws Exception {
        try (WhoamiServer a = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
                WhoamiServer b = WhoamiServer.start(WhoamiOptions.loopback().withName("b"));
                ProxyServer proxy =
                        ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            proxy.apply(generation(0, a, b));
            URI uri = URI.create("http://127.0.0.1:" + proxy.port("web") + "/app/x");
            try (RequestLoad load = RequestLoad.start(client, uri, 4)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > 100);
                for (int i = 1; i <= 30; i++) {
                    proxy.apply(generation(i, a, b));
                    int seen = load.ok();
                    await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() > seen + 10);
                }
                load.stop();
                assertThat(load.failed())
                        .as("failed requests (first: %s)", load.firstFailure().orElse(""))
                        .isZero();
                assertThat(proxy.runtime().generation()).isEqualTo(31);
                assertThat(a.requestCount() + b.requestCount()).isGreaterThanOrEqualTo(load.ok());
            }
        }
    }

    /** Each generation changes routers and services: servers come and go, names change, rules change. */
    private static DynamicConfig generation(int n, WhoamiServer a, WhoamiServer b) {
        Map<String, Router> routers = new HashMap<>();
        Map<String, Service> services = new HashMap<>();
        String service = "app" + (n % 3) + "@file";
        routers.put(
                "app@file", router(n % 2 == 0 ? "PathPrefix(`/app`)" : "PathPrefix(`/app/`) || Path(`/app`)", service));
        services.put(
                service,
                switch (n % 3) {
                    case 0 -> lb(a.uri(), b.uri());
                    case 1 -> lb(a.uri());
                    default -> lb(b.uri());
                });
        routers.put("other" + n + "@file", router("Host(`other" + n + ".test`)", service));
        return config(routers, services);
    }
}
