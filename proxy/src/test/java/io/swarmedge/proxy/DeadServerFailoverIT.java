package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drill 4's data plane: a node dies and its tasks' addresses swallow packets for the seconds Swarm
 * needs to notice. GETs through the proxy must still all succeed, quickly: a connect that hangs is
 * given up for another server after {@code Upstream.SLOW_CONNECT}, the hanging server is ejected, and
 * pooled connections to it end when their data goes unacknowledged. A network namespace with an
 * nftables drop-everything rule is the dead node.
 */
class DeadServerFailoverIT {
    private static final int CLIENTS = 4;

    private DeadServerNamespace node;
    private WhoamiServer healthy;
    private ProxyServer proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        Optional<String> missing = DeadServerNamespace.missingPrerequisite();
        if (missing.isPresent() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("DeadServerFailoverIT: " + missing.get());
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        node = new DeadServerNamespace();
        healthy = WhoamiServer.start(WhoamiOptions.loopback().withName("healthy"));
        proxy = ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (healthy != null) {
            healthy.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private void route(URI... servers) {
        proxy.apply(config(Map.of("app@file", router("PathPrefix(`/`)", "app@file")), Map.of("app@file", lb(servers))));
    }

    /** GETs from {@link #CLIENTS} keep-alive clients for {@code duration}; {@code midway} runs halfway. */
    private Load load(Duration duration, ThrowingRunnable midway) throws Exception {
        Load load = new Load();
        AtomicBoolean running = new AtomicBoolean(true);
        URI uri = URI.create("http://127.0.0.1:" + proxy.port("web") + "/");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                loops.add(pool.submit(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(20))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            load.record(r.statusCode() == 200 ? null : "HTTP " + r.statusCode(), start);
                            if (r.statusCode() == 200) {
                                load.servedBy(r.body());
                            }
                        } catch (Exception e) {
                            load.record(e.toString(), start);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(duration.toMillis() / 2);
            midway.run();
            Thread.sleep(duration.toMillis() / 2);
            running.set(false);
            for (Future<?> f : loops) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        return load;
    }

    @Test
    void aServerWhoseSynsVanishCostsNoGetAndLittleTime() throws Exception {
        node.die();
        route(URI.create("http://" + node.address() + ":" + DeadServerNamespace.PORT), healthy.uri());

        Load load = load(Duration.ofSeconds(6), () -> {});

        load.print("black-holed server beside a healthy one");
        assertThat(load.failed).as(load.firstFailure.get()).hasValue(0);
        assertThat(load.ok.get()).isGreaterThan(100);
        // A request that meets the dead server waits one slow-connect threshold, then goes elsewhere.
        assertThat(load.percentile(0.99)).isLessThan(Duration.ofMillis(1000));
        assertThat(load.max()).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void aServerThatDiesUnderLoadCostsNoGet() throws Exception {
        node.serve();
        route(URI.create("http://" + node.address() + ":" + DeadServerNamespace.PORT), healthy.uri());

        Load load = load(Duration.ofSeconds(8), node::die);

        load.print("server dies under load (pooled connections to it)");
        assertThat(load.servedByVanishing.get())
                .as("the namespace's server served before it died")
                .isPositive();
        assertThat(load.failed).as(load.firstFailure.get()).hasValue(0);
        // Requests caught on a pooled connection wait for TCP_USER_TIMEOUT (or keep-alive probes when
        // the server had acknowledged the request), then retry elsewhere.
        assertThat(load.max()).isLessThan(Duration.ofMillis(6000));
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static final class Load {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger servedByVanishing = new AtomicInteger();
        final AtomicReference<String> firstFailure = new AtomicReference<>("none");
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

        void record(String failure, long startNanos) {
            nanos.add(System.nanoTime() - startNanos);
            if (failure == null) {
                ok.incrementAndGet();
            } else if (failed.getAndIncrement() == 0) {
                firstFailure.set(failure);
            }
        }

        void servedBy(String body) {
            if (body.startsWith("Hostname: vanishing")) {
                servedByVanishing.incrementAndGet();
            }
        }

        Duration percentile(double p) {
            List<Long> sorted = sorted();
            return Duration.ofNanos(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))));
        }

        Duration max() {
            return Duration.ofNanos(sorted().getLast());
        }

        private List<Long> sorted() {
            synchronized (nanos) {
                List<Long> copy = new ArrayList<>(nanos);
                Collections.sort(copy);
                return copy;
            }
        }

        void print(String what) {
            System.out.printf(
                    "failover (%s): %d ok, %d failed, p50 %d ms, p99 %d ms, max %d ms%n",
                    what,
                    ok.get(),
                    failed.get(),
                    percentile(0.5).toMillis(),
                    percentile(0.99).toMillis(),
                    max().toMillis());
        }
    }
}
