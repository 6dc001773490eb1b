package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Abuse resistance: slow clients, idle connections, header limits, connection limits. */
class LimitsAndTimeoutsIT {
    static WhoamiServer backend;
    static ProxyServer proxy;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
        EntryPoint web = entryPoint(
                "web",
                new EntryPoint.RespondingTimeouts(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)),
                new EntryPoint.Limits(8 * 1024, 50, 20, 0, Duration.ZERO));
        proxy = ProxyServer.start(staticConfig(web), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        proxy.apply(config(Map.of("a@file", router("PathPrefix(`/`)", "a@file")), Map.of("a@file", lb(backend.uri()))));
        port = proxy.port("web");
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    @Test
    void aClientTricklingItsHeadersIsCutAfterTheReadTimeout() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            String request = "GET / HTTP/1.1\r\nHost: a.test\r\nX-Slow: " + "x".repeat(200) + "\r\n\r\n";
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < request.length(); i++) {
                try {
                    http.out.write(request.charAt(i));
                    http.out.flush();
                } catch (IOException e) {
                    cut = true;
                    break;
                }
                Thread.sleep(50); // the client is slow on purpose: ~10 s for the whole head
                if (System.nanoTime() - start > Duration.ofSeconds(4).toNanos()) {
                    break;
                }
            }
            assertThat(cut || http.closedByPeer()).as("connection cut").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            assertThat(http.get("/", "a.test").status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(http.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aResponseSlowerThanTheWriteTimeoutIsCut() throws Exception {
        EntryPoint web = entryPoint(
                "web",
                new EntryPoint.RespondingTimeouts(
                        Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10)),
                EntryPoint.Limits.DEFAULT);
        try (ProxyServer strict = ProxyServer.start(staticConfig(web), TestConfigs.RULES, TestConfigs.MIDDLEWARES)) {
            strict.apply(
                    config(Map.of("a@file", router("PathPrefix(`/`)", "a@file")), Map.of("a@file", lb(backend.uri()))));
            try (RawHttp http = new RawHttp(strict.port("web"))) {
                assertThat(http.get("/fast", "a.test").status()).isEqualTo(200);
                long start = System.nanoTime();
                http.send("GET /slow?ms=6000 HTTP/1.1\r\nHost: a.test\r\n\r\n");
                assertThat(http.closedByPeer()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET / HTTP/1.1\r\nHost: a.test\r\nX-Big: " + "y".repeat(16 * 1024) + "\r\n\r\n");
            assertThat(http.read(false).status()).isEqualTo(431);
        }
        try (RawHttp http = new RawHttp(port)) {
            StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: a.test\r\n");
            for (int i = 0; i < 60; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            http.send(many.append("\r\n").toString());
            assertThat(http.read(false).status()).isEqualTo(431);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        RawHttp[] held = new RawHttp[20];
        try {
            for (int i = 0; i < held.length; i++) {
                held[i] = new RawHttp(port);
                held[i].send("GET /slow?ms=3000 HTTP/1.1\r\nHost: a.test\r\n\r\n");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.openConnections("web") == 20);
            try (RawHttp extra = new RawHttp(port)) {
                assertThat(extra.closedByPeer()).isTrue();
            }
        } finally {
            for (RawHttp h : held) {
                if (h != null) {
                    h.close();
                }
            }
        }
    }
}
