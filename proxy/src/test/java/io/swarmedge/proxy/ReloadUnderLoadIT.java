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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Swapping runtimes while clients hammer the proxy loses no request. */
class ReloadUnderLoadIT {
    @Test
    void hotReloadsUnderLoadFailNoRequest() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (WhoamiServer a = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
                WhoamiServer b = WhoamiServer.start(WhoamiOptions.loopback().withName("b"));
                ProxyServer proxy =
                        ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            proxy.apply(generation(0, a, b));
            URI uri = URI.create("http://127.0.0.1:" + proxy.port("web") + "/app/x");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                loops.add(threads.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = client.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(20))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > 100);
            for (int i = 1; i <= 30; i++) {
                proxy.apply(generation(i, a, b));
                int seen = ok.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > seen + 10);
            }
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
            assertThat(failed.get())
                    .as("failed requests (first: %s)", firstFailure.get())
                    .isZero();
            assertThat(proxy.runtime().generation()).isEqualTo(31);
            assertThat(a.requestCount() + b.requestCount()).isGreaterThanOrEqualTo(ok.get());
        } finally {
            threads.shutdownNow();
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
