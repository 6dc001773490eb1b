package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.Metrics;
import io.swarmedge.config.staticconfig.Ping;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM behaviour, step by step: {@code /ping} turns 503 at once and clients are told to leave
 * ({@code Connection: close}); new connections are served during {@code requestAcceptGraceTimeout};
 * then accepting stops, idle keep-alive connections are closed cleanly (FIN, never a reset), in-flight
 * requests finish within {@code graceTimeOut}, and shutdown returns.
 */
class GracefulShutdownIT {
    private static final Duration ACCEPT_GRACE = Duration.ofSeconds(2);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private WhoamiServer backend;
    private ProxyServer proxy;

    @BeforeEach
    void start() throws Exception {
        backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
        EntryPoint.LifeCycle life = new EntryPoint.LifeCycle(ACCEPT_GRACE, Duration.ofSeconds(20));
        EntryPoint web = entryPoint(
                "web",
                EntryPoint.RespondingTimeouts.DEFAULT,
                EntryPoint.Limits.DEFAULT,
                life,
                EntryPoint.ForwardedHeaders.NONE);
        EntryPoint admin = entryPoint(
                "traefik",
                EntryPoint.RespondingTimeouts.DEFAULT,
                EntryPoint.Limits.DEFAULT,
                life,
                EntryPoint.ForwardedHeaders.NONE);
        proxy = ProxyServer.start(
                staticConfig(new Ping(true, "traefik", 503), Metrics.DISABLED, web, admin),
                TestConfigs.RULES,
                TestConfigs.MIDDLEWARES);
        proxy.apply(config(Map.of("a@file", router("PathPrefix(`/`)", "a@file")), Map.of("a@file", lb(backend.uri()))));
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.close();
        threads.shutdownNow();
    }

    @Test
    void eachStepOfTheDrain() throws Exception {
        int port = proxy.port("web");
        RawHttp idle = new RawHttp(port);
        assertThat(idle.get("/", "a.test").header("Connection")).isNull();
        RawHttp active = new RawHttp(port);
        assertThat(active.get("/", "a.test").status()).isEqualTo(200);
        RawHttp busy = new RawHttp(port);
        busy.send("GET /slow?ms=4000 HTTP/1.1\r\nHost: a.test\r\n\r\n");
        CompletableFuture<RawHttp.Response> slow = readAsync(busy);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.requestCount("/slow") == 1);

        long sigterm = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(proxy::shutdown, threads);
        await().atMost(Duration.ofSeconds(5)).until(proxy::terminating);
        try (RawHttp ping = new RawHttp(proxy.port("traefik"))) {
            RawHttp.Response r = ping.get("/ping", "localhost");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.text()).isEqualTo("Terminating");
        }
        // During requestAcceptGraceTimeout a keep-alive connection is served once more and told to close…
        RawHttp.Response last = active.get("/", "a.test");
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(cleanEof(active))
                .as("closed with a FIN after the response, no reset")
                .isTrue();
        // …and new connections are still accepted and served, one request each.
        try (RawHttp late = new RawHttp(port)) {
            RawHttp.Response r = late.get("/", "a.test");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
        }
        assertThat(proxy.openConnections("web"))
                .as("idle and busy are kept during the grace")
                .isGreaterThanOrEqualTo(2);

        // After the grace the idle keep-alive connection is closed cleanly and new connections are refused.
        assertThat(cleanEof(idle)).isTrue();
        long idleClosedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        assertThat(idleClosedMillis).isGreaterThanOrEqualTo(ACCEPT_GRACE.toMillis() - 100);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThatThrownBy(() -> new RawHttp(port).close()).isInstanceOf(ConnectException.class));
        // The in-flight request finishes, then shutdown returns.
        RawHttp.Response finished = slow.get(20, TimeUnit.SECONDS);
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.header("Connection")).isEqualToIgnoringCase("close");
        shutdown.get(30, TimeUnit.SECONDS);
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        System.out.printf(
                "drain figures: idle keep-alive closed after %d ms, shutdown done after %d ms (accept grace %d ms, in-flight 4000 ms)%n",
                idleClosedMillis, exitMillis, ACCEPT_GRACE.toMillis());
        assertThat(exitMillis).isLessThan(4000 + 1000);
        idle.close();
        active.close();
        busy.close();
    }

    @Test
    void noRequestIsLostByClientsThatKeepSendingThroughTheDrain() throws Exception {
        int port = proxy.port("web");
        AtomicLong ok = new AtomicLong();
        AtomicLong okDuringDrain = new AtomicLong();
        AtomicInteger reconnects = new AtomicInteger();
        List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
        // Clients stop opening connections shortly before the accept grace ends, as they do once the
        // floating IP moved to another node; what they have in flight must complete.
        AtomicLong stopConnectingAt = new AtomicLong(Long.MAX_VALUE);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            int id = c;
            clients.add(CompletableFuture.runAsync(
                    () -> {
                        int n = 0;
                        while (System.nanoTime() - stopConnectingAt.get() < 0) {
                            try (RawHttp http = new RawHttp(port)) {
                                reconnects.incrementAndGet();
                                while (true) {
                                    String path = (n++ % 5 == 0) ? "/slow?ms=300" : "/?c=" + id;
                                    RawHttp.Response r;
                                    try {
                                        r = http.get(path, "a.test");
                                    } catch (IOException e) {
                                        lost.add(path + ": " + e);
                                        break;
                                    }
                                    if (r.status() != 200) {
                                        lost.add(path + ": status " + r.status());
                                    }
                                    ok.incrementAndGet();
                                    if (proxy.terminating()) {
                                        okDuringDrain.incrementAndGet();
                                    }
                                    if ("close".equalsIgnoreCase(r.header("Connection"))) {
                                        break;
                                    }
                                }
                            } catch (IOException e) {
                                lost.add("connect: " + e);
                            }
                        }
                    },
                    threads));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > 100);
        long sigterm = System.nanoTime();
        stopConnectingAt.set(sigterm + ACCEPT_GRACE.toNanos() - TimeUnit.MILLISECONDS.toNanos(500));
        proxy.shutdown();
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        System.out.printf(
                "drain under load: %d requests ok (%d after SIGTERM), %d connections, %d lost, shutdown %d ms%n",
                ok.get(), okDuringDrain.get(), reconnects.get(), lost.size(), exitMillis);
        assertThat(lost).isEmpty();
        assertThat(okDuringDrain.get()).isGreaterThan(20);
    }

    /** Reads EOF without a reset: the server closed its side the orderly way. */
    private static boolean cleanEof(RawHttp http) throws IOException {
        try {
            return http.in.read() == -1;
        } catch (SocketException e) {
            return false; // "Connection reset"
        }
    }

    private CompletableFuture<RawHttp.Response> readAsync(RawHttp http) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return http.read(false);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                threads);
    }
}
