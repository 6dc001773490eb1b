package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.Metrics;
import io.swarmedge.config.staticconfig.Ping;
import io.swarmedge.proxy.balancer.UnavailableHold;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serversTransport.unavailableHold}: a request to a service that exists but has no usable
 * server waits for one (a new configuration, a health check turning good) instead of a 503 at once.
 */
class UnavailableHoldIT {
    private static final String SERVICE = "app@file";

    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private final List<WhoamiServer> backends = new ArrayList<>();
    private ProxyServer proxy;
    private int port;

    private void start(Duration hold) throws Exception {
        proxy = ProxyServer.start(
                staticConfig(TestConfigs.withHold(hold), Ping.DISABLED, Metrics.DISABLED, entryPoint("web")),
                TestConfigs.RULES,
                TestConfigs.MIDDLEWARES);
        port = proxy.port("web");
    }

    /** With Prometheus metrics on the {@code traefik} entrypoint. */
    private void startWithMetrics(Duration hold) throws Exception {
        Metrics metrics = new Metrics(true, "traefik", List.of(0.1, 1.0), true, true, true);
        proxy = ProxyServer.start(
                staticConfig(
                        TestConfigs.withHold(hold), Ping.DISABLED, metrics, entryPoint("web"), entryPoint("traefik")),
                TestConfigs.RULES,
                TestConfigs.MIDDLEWARES);
        port = proxy.port("web");
    }

    private String metrics() throws Exception {
        try (RawHttp admin = new RawHttp(proxy.port("traefik"))) {
            return admin.get("/metrics", "localhost").text();
        }
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (proxy != null) {
            proxy.close();
        }
        backends.forEach(WhoamiServer::close);
    }

    private void serve(Service service) {
        proxy.apply(config(Map.of("app@file", router("Host(`app.test`)", SERVICE)), Map.of(SERVICE, service)));
    }

    private WhoamiServer backend(String name) {
        WhoamiServer server = WhoamiServer.start(WhoamiOptions.loopback().withName(name));
        backends.add(server);
        return server;
    }

    private record Timed(RawHttp.Response response, long millis) {}

    private Future<Timed> request(String head, byte[] body) {
        return clients.submit(() -> {
            try (RawHttp http = new RawHttp(port)) {
                long start = System.nanoTime();
                http.send(head);
                if (body.length > 0) {
                    http.out.write(body);
                    http.out.flush();
                }
                RawHttp.Response r = http.read(false);
                return new Timed(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        });
    }

    private Future<Timed> get() {
        return request("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n", new byte[0]);
    }

    @Test
    void aRequestWaitsForTheServerANewConfigurationBrings() throws Exception {
        start(Duration.ofSeconds(10));
        serve(lb());
        Future<Timed> waiting = get();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);
        Thread.sleep(300); // the request really waits, it is not answered
        assertThat(waiting.isDone()).isFalse();

        serve(lb(backend("late").uri()));

        Timed answered = waiting.get(5, TimeUnit.SECONDS);
        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().text()).startsWith("Hostname: late");
        assertThat(answered.millis()).isGreaterThanOrEqualTo(300);
        assertThat(proxy.parkedRequests(SERVICE)).isZero();
        System.out.printf("hold: request answered %d ms after it was sent%n", answered.millis());
    }

    @Test
    void aParkedRequestKeepsItsWholeBody() throws Exception {
        start(Duration.ofSeconds(10));
        serve(lb());
        byte[] body = new byte[300 * 1024]; // more than the proxy buffers: reading pauses while parked
        Arrays.fill(body, (byte) 'x');
        body[body.length - 1] = 'z';
        Future<Timed> waiting =
                request("POST /echo HTTP/1.1\r\nHost: app.test\r\nContent-Length: " + body.length + "\r\n\r\n", body);
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);

        serve(lb(backend("echo").uri()));

        RawHttp.Response r = waiting.get(10, TimeUnit.SECONDS).response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(body.length);
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).endsWith("xz");
    }

    @Test
    void aHealthCheckTurningGoodReleasesTheRequest() throws Exception {
        start(Duration.ofSeconds(10));
        WhoamiServer sick = backend("sick");
        sick.setHealthStatus(503);
        HealthCheck check = TestConfigs.healthCheck("/health", Duration.ofMillis(100));
        serve(lb(check, sick.uri()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> proxy.runtime().service(SERVICE).orElseThrow().usableServers() == 0);
        Future<Timed> waiting = get();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);

        sick.setHealthStatus(200);

        Timed answered = waiting.get(5, TimeUnit.SECONDS);
        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().text()).startsWith("Hostname: sick");
    }

    @Test
    void theHoldEndsWithA503NamingTheServiceAndMetricsShowIt() throws Exception {
        startWithMetrics(Duration.ofMillis(800));
        serve(lb());

        Future<Timed> waiting = get();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);
        assertThat(metrics()).contains("swarmedge_service_waiting_requests{service=\"app@file\"} 1.0");
        Timed answered = waiting.get(10, TimeUnit.SECONDS);

        assertThat(answered.response().status()).isEqualTo(503);
        assertThat(answered.response().text())
                .isEqualTo("no server of service \"app@file\" became available within 800 ms");
        assertThat(answered.millis()).isBetween(750L, 3000L);
        assertThat(proxy.parkedRequests(SERVICE)).isZero();
        assertThat(metrics())
                .contains("swarmedge_service_waiting_requests{service=\"app@file\"} 0.0")
                .contains("swarmedge_service_hold_expired_total{service=\"app@file\"} 1.0");
    }

    /** A proxy draining with a grace of {@code grace} (no accept grace). */
    private void startDraining(Duration hold, Duration grace) throws Exception {
        EntryPoint web = entryPoint(
                "web",
                EntryPoint.RespondingTimeouts.DEFAULT,
                EntryPoint.Limits.DEFAULT,
                new EntryPoint.LifeCycle(Duration.ZERO, grace),
                EntryPoint.ForwardedHeaders.NONE);
        proxy = ProxyServer.start(
                staticConfig(TestConfigs.withHold(hold), Ping.DISABLED, Metrics.DISABLED, web),
                TestConfigs.RULES,
                TestConfigs.MIDDLEWARES);
        port = proxy.port("web");
    }

    @Test
    void aDrainingProxyStillServesAWaitingRequestWithTheServerANewConfigurationBrings() throws Exception {
        // A single replica moves off a drained node: its proxy drains while the request waits.
        startDraining(Duration.ofSeconds(30), Duration.ofSeconds(10));
        serve(lb());
        Future<Timed> waiting = get();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);
        Future<?> draining = clients.submit(proxy::shutdown);
        Thread.sleep(300);

        serve(lb(backend("moved").uri()));

        Timed answered = waiting.get(5, TimeUnit.SECONDS);
        assertThat(answered.response().status()).isEqualTo(200);
        assertThat(answered.response().text()).startsWith("Hostname: moved");
        draining.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRequestStillWaitingWhenTheDrainsGraceEndsGetsA503NotACutConnection() throws Exception {
        startDraining(Duration.ofSeconds(30), Duration.ofMillis(700));
        serve(lb());
        Future<Timed> waiting = get();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);

        long begun = System.nanoTime();
        proxy.shutdown();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);

        RawHttp.Response r = waiting.get(5, TimeUnit.SECONDS).response();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.text()).isEqualTo("the proxy is shutting down and its grace period (700 ms) is over");
        assertThat(took).as("grace, then the 503 is written").isBetween(650L, 3000L);
    }

    @Test
    void aServiceRemovedWhileRequestsWaitEndsTheirHold() throws Exception {
        start(Duration.ofSeconds(10));
        serve(lb());
        Future<Timed> waiting = get();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 1);

        proxy.apply(config(Map.of(), Map.of()));

        RawHttp.Response r = waiting.get(5, TimeUnit.SECONDS).response();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.text()).contains("was removed");
    }

    @Test
    void beyondTheLimitRequestsGetA503AtOnceAndClientsThatLeaveFreeTheirPlace() throws Exception {
        start(Duration.ofSeconds(20));
        serve(lb());
        List<RawHttp> parked = new ArrayList<>();
        try {
            for (int i = 0; i < UnavailableHold.DEFAULT_MAX_PER_SERVICE; i++) {
                RawHttp http = new RawHttp(port);
                parked.add(http);
                http.send("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n");
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> proxy.parkedRequests(SERVICE) == UnavailableHold.DEFAULT_MAX_PER_SERVICE);

            Timed refused = get().get(5, TimeUnit.SECONDS);
            assertThat(refused.response().status()).isEqualTo(503);
            assertThat(refused.millis()).isLessThan(1000);

            for (int i = 0; i < 10; i++) {
                parked.remove(parked.size() - 1).close();
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.parkedRequests(SERVICE) == UnavailableHold.DEFAULT_MAX_PER_SERVICE - 10);
            Future<Timed> admitted = get();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.parkedRequests(SERVICE) == UnavailableHold.DEFAULT_MAX_PER_SERVICE - 9);

            serve(lb(backend("all").uri()));
            assertThat(admitted.get(10, TimeUnit.SECONDS).response().status()).isEqualTo(200);
            for (RawHttp http : parked) {
                assertThat(http.read(false).status()).isEqualTo(200);
            }
        } finally {
            for (RawHttp http : parked) {
                http.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.parkedRequests(SERVICE) == 0);
    }

    @Test
    void withTheHoldOffAServiceWithoutServersAnswers503AtOnce() throws Exception {
        start(Duration.ZERO);
        serve(lb());
        Timed answered = get().get(5, TimeUnit.SECONDS);
        assertThat(answered.response().status()).isEqualTo(503);
        assertThat(answered.millis()).isLessThan(1000);
    }
}
