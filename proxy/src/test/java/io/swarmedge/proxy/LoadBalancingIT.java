package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.dynamic.StickyCookie;
import io.swarmedge.config.dynamic.WeightedService;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Balancing, health checks, passive ejection and retries against real backends. */
class LoadBalancingIT {
    private final List<WhoamiServer> backends = new ArrayList<>();
    private ProxyServer proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            backends.add(WhoamiServer.start(WhoamiOptions.loopback().withName(name)));
        }
        proxy = ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        proxy.close();
        backends.forEach(WhoamiServer::close);
        client.close();
    }

    private void apply(LoadBalancerService.Strategy strategy, HealthCheck check, StickyCookie sticky, int... weights) {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            servers.add(new Server(backends.get(i).uri(), weights.length > i ? weights[i] : 1, false));
        }
        LoadBalancerService lb =
                new LoadBalancerService(servers, strategy, true, check, sticky, Duration.ofMillis(100), "");
        proxy.apply(config(Map.of("all@file", router("PathPrefix(`/`)", "all@file")), Map.of("all@file", lb)));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port("web") + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void weightedRoundRobinSpreadsByWeight() throws Exception {
        apply(LoadBalancerService.Strategy.WRR, HealthCheck.NONE, StickyCookie.NONE, 2, 1, 1);
        for (int i = 0; i < 400; i++) {
            assertThat(get("/spread").statusCode()).isEqualTo(200);
        }
        assertThat(backends.get(0).requestCount("/spread")).isEqualTo(200);
        assertThat(backends.get(1).requestCount("/spread")).isEqualTo(100);
        assertThat(backends.get(2).requestCount("/spread")).isEqualTo(100);
    }

    @Test
    void powerOfTwoChoicesUsesEveryServer() throws Exception {
        apply(LoadBalancerService.Strategy.P2C, HealthCheck.NONE, StickyCookie.NONE);
        for (int i = 0; i < 300; i++) {
            assertThat(get("/p2c").statusCode()).isEqualTo(200);
        }
        for (WhoamiServer backend : backends) {
            assertThat(backend.requestCount("/p2c")).isGreaterThan(30);
        }
    }

    @Test
    void stickyCookieKeepsAClientOnItsServer() throws Exception {
        StickyCookie sticky = new StickyCookie(true, "lb", false, true, "lax", 0, "/", "");
        apply(LoadBalancerService.Strategy.WRR, HealthCheck.NONE, sticky);
        HttpResponse<String> first = get("/sticky");
        String cookie = first.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).startsWith("lb=").contains("HttpOnly").contains("SameSite=Lax");
        String server = first.body().lines().findFirst().orElseThrow();
        String pair = cookie.substring(0, cookie.indexOf(';'));
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = get("/sticky", "Cookie", pair);
            assertThat(r.body()).startsWith(server);
            assertThat(r.headers().firstValue("set-cookie")).isEmpty();
        }
    }

    @Test
    void stickyWeightedServiceKeepsAClientOnItsChildService() throws Exception {
        StickyCookie sticky = new StickyCookie(true, "ws", false, false, "", 0, "/", "");
        proxy.apply(config(
                Map.of("w@file", router("PathPrefix(`/`)", "w@file")),
                Map.of(
                        "w@file",
                        new WeightedService(
                                List.of(
                                        new WeightedService.WeightedRef("left", 1),
                                        new WeightedService.WeightedRef("right", 1)),
                                sticky),
                        "left@file",
                        TestConfigs.lb(backends.get(0).uri()),
                        "right@file",
                        TestConfigs.lb(backends.get(1).uri()))));
        for (int round = 0; round < 2; round++) {
            HttpResponse<String> first = get("/weighted");
            String cookie = first.headers().allValues("set-cookie").stream()
                    .filter(c -> c.startsWith("ws="))
                    .findFirst()
                    .orElseThrow();
            String server = first.body().lines().findFirst().orElseThrow();
            for (int i = 0; i < 6; i++) {
                assertThat(get("/weighted", "Cookie", cookie.substring(0, cookie.indexOf(';')))
                                .body())
                        .startsWith(server);
            }
        }
    }

    @Test
    void activeHealthChecksTakeAServerOutAndBackIn() throws Exception {
        apply(
                LoadBalancerService.Strategy.WRR,
                TestConfigs.healthCheck("/health", Duration.ofMillis(200)),
                StickyCookie.NONE);
        WhoamiServer b = backends.get(1);
        b.setHealthStatus(503);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> proxy.runtime().service("all@file").orElseThrow().usableServers() == 2);
        long before = b.requestCount("/hc");
        for (int i = 0; i < 30; i++) {
            assertThat(get("/hc").statusCode()).isEqualTo(200);
        }
        assertThat(b.requestCount("/hc")).isEqualTo(before);
        b.setHealthStatus(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> proxy.runtime().service("all@file").orElseThrow().usableServers() == 3);
        for (int i = 0; i < 30; i++) {
            get("/hc");
        }
        assertThat(b.requestCount("/hc")).isGreaterThan(before);
    }

    @Test
    void aBackendKilledUnderLoadCausesNoFailedGet() throws Exception {
        apply(LoadBalancerService.Strategy.WRR, HealthCheck.NONE, StickyCookie.NONE);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            loops.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = get("/load");
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, "status " + r.statusCode() + ": " + r.body());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > 300);
        WhoamiServer victim = backends.get(1);
        victim.close();
        int atKill = ok.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() > atKill + 600);
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(failed.get())
                .as("failed GETs (first: %s)", firstFailure.get())
                .isZero();
        assertThat(backends.get(0).requestCount("/load") + backends.get(2).requestCount("/load"))
                .isGreaterThan(600);
    }
}
