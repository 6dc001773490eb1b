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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM behaviour: ping turns 503, accept grace, then drain in-flight requests and close. */
class GracefulShutdownIT {
    @Test
    void inFlightRequestsFinishAndNewConnectionsAreRefusedAfterTheGrace() throws Exception {
        EntryPoint.LifeCycle life = new EntryPoint.LifeCycle(Duration.ofSeconds(2), Duration.ofSeconds(20));
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
        ExecutorService threads = Executors.newCachedThreadPool();
        try (WhoamiServer backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"))) {
            ProxyServer proxy = ProxyServer.start(
                    staticConfig(new Ping(true, "traefik", 503), Metrics.DISABLED, web, admin),
                    TestConfigs.RULES,
                    TestConfigs.MIDDLEWARES);
            proxy.apply(
                    config(Map.of("a@file", router("PathPrefix(`/`)", "a@file")), Map.of("a@file", lb(backend.uri()))));
            int port = proxy.port("web");
            int adminPort = proxy.port("traefik");
            RawHttp idle = new RawHttp(port);
            assertThat(idle.get("/", "a.test").status()).isEqualTo(200);
            RawHttp busy = new RawHttp(port);
            busy.send("GET /slow?ms=4000 HTTP/1.1\r\nHost: a.test\r\n\r\n");
            CompletableFuture<RawHttp.Response> slow = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return busy.read(false);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.requestCount("/slow") == 1);

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(proxy::shutdown, threads);
            await().atMost(Duration.ofSeconds(5)).until(proxy::terminating);
            try (RawHttp ping = new RawHttp(adminPort)) {
                assertThat(ping.get("/ping", "localhost").status()).isEqualTo(503);
            }
            // Within requestAcceptGraceTimeout new connections are still served.
            try (RawHttp late = new RawHttp(port)) {
                RawHttp.Response r = late.get("/", "a.test");
                assertThat(r.status()).isEqualTo(200);
            }
            // After it, idle keep-alive connections are closed and new ones refused.
            await().atMost(Duration.ofSeconds(10)).until(idle::closedByPeer);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThatThrownBy(() -> new RawHttp(port).close()).isInstanceOf(ConnectException.class));
            RawHttp.Response finished = slow.get(20, TimeUnit.SECONDS);
            assertThat(finished.status()).isEqualTo(200);
            assertThat(finished.header("Connection")).isEqualToIgnoringCase("close");
            shutdown.get(30, TimeUnit.SECONDS);
            idle.close();
            busy.close();
        } finally {
            threads.shutdownNow();
        }
    }
}
