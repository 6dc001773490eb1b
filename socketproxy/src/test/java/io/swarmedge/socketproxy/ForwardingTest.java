package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.socketproxy.policy.EdgePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the daemon, and what comes back, for requests the proxy lets through. */
class ForwardingTest {
    @TempDir
    Path dir;

    FakeDaemon daemon;
    ProxyHarness proxy;

    @BeforeEach
    void start() throws Exception {
        daemon = new FakeDaemon(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        daemon.close();
    }

    private ProxyHarness proxy(String profile) throws InterruptedException {
        proxy = new ProxyHarness(daemon.socket, ProxyHarness.policy(profile));
        return proxy;
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            client.send("GET /v1.41/version HTTP/1.1\r\nHost: docker\r\n\r\n"
                    + "GET /containers/json HTTP/1.1\r\nHost: docker\r\n\r\n"
                    + "GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().body()).contains("/v1.41/version");
            assertThat(client.read().status()).isEqualTo(403);
            assertThat(client.read().body()).isEqualTo("OK");
        }
        assertThat(daemon.received).extracting(FakeDaemon.Received::uri).containsExactly("/v1.41/version", "/_ping");
        assertThat(proxy.proxy.counters().forwardedCount()).isEqualTo(2);
        assertThat(proxy.proxy.counters().refusedByRule()).containsExactly(java.util.Map.entry("section-disabled", 1L));
        assertThat(proxy.proxy.counters().summary())
                .isEqualTo("forwarded=2 hijacked=0 refused=1 refused.section-disabled=1");
    }

    @Test
    void requestIsReSerialisedCanonically() throws Exception {
        proxy("tecnativa CONTAINERS=1 POST=1");
        try (RawClient client = proxy.client()) {
            client.send("POST /v1.41/containers/a%62c/start?detachKeys=ctrl-p HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "Connection: keep-alive, X-Secret\r\n"
                    + "X-Secret: drop me\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "TE: trailers\r\n"
                    + "X-Kept:   spaced value  \r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=\"x\"\r\n{\"a\r\n"
                    + "4\r\n\":1}\r\n"
                    + "0\r\nX-Trailer: t\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
        var got = daemon.received.getFirst();
        assertThat(got.uri()).isEqualTo("/v1.41/containers/abc/start?detachKeys=ctrl-p");
        assertThat(got.body()).isEqualTo("{\"a\":1}");
        assertThat(got.headers())
                .containsEntry("x-kept", "spaced value")
                .doesNotContainKeys("x-secret", "keep-alive", "proxy-connection", "te", "connection", "x-trailer");
        // On the wire: chunk extensions and trailers are gone, chunks are re-framed by the proxy.
        assertThat(daemon.raw())
                .doesNotContain("ext=")
                .doesNotContain("X-Trailer")
                .contains("\r\n0\r\n\r\n");
    }

    @Test
    void aBodyThatLooksLikeARequestStaysABody() throws Exception {
        proxy("tecnativa CONTAINERS=1 POST=1");
        String smuggled = "GET /secrets HTTP/1.1\r\nHost: docker\r\n\r\n";
        try (RawClient client = proxy.client()) {
            client.send("POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: " + smuggled.length()
                    + "\r\n\r\n" + smuggled);
            assertThat(client.read().status()).isEqualTo(200);
        }
        assertThat(daemon.received).hasSize(1);
        assertThat(daemon.received.getFirst().body()).isEqualTo(smuggled);
    }

    @Test
    void aRefusedRequestWithABodyClosesTheConnectionInsteadOfParsingTheBody() throws Exception {
        proxy("tecnativa CONTAINERS=1");
        String smuggled = "GET /version HTTP/1.1\r\nHost: docker\r\n\r\n";
        try (RawClient client = proxy.client()) {
            client.send("POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: " + smuggled.length()
                    + "\r\n\r\n" + smuggled);
            var response = client.read();
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(daemon.received).isEmpty();
    }

    @Test
    void aRefusalWithoutBodyKeepsTheConnection() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            client.send("GET /secrets HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(403);
            client.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
    }

    @Test
    void http10ClientGetsAnHttp10AnswerAndAClose() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            client.send("GET /version HTTP/1.0\r\n\r\n");
            var response = client.read();
            assertThat(response.rawHead()).startsWith("HTTP/1.0 200");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    @Test
    void eventsStreamUntilTheProxyStopsThenEndWithTheLastChunk() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            client.send("GET /v1.41/events HTTP/1.1\r\nHost: docker\r\n\r\n");
            String statusLine = client.readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 200");
            String line;
            while (!(line = client.readLine()).isEmpty()) {
                assertThat(line.toLowerCase()).doesNotStartWith("content-length");
            }
            // Several chunks arrive over time, well past any per-request timeout of a plain request.
            for (int i = 0; i < 5; i++) {
                int size = Integer.parseInt(client.readLine(), 16);
                assertThat(new String(client.readExactly(size), StandardCharsets.UTF_8))
                        .contains("tick");
                client.readLine();
            }
            Thread stopper = Thread.ofVirtual().start(proxy::close);
            // Drain ticks until the terminating chunk: a clean end, not a cut.
            int size;
            do {
                size = Integer.parseInt(client.readLine(), 16);
                client.readExactly(size);
                client.readLine();
            } while (size > 0);
            assertThat(client.closedByPeer()).isTrue();
            stopper.join(Duration.ofSeconds(20));
            proxy = null;
        }
    }

    @Test
    void execStartUpgradesAndRelaysBothWaysWithHalfClose() throws Exception {
        proxy("tecnativa EXEC=1 POST=1");
        try (RawClient client = proxy.client()) {
            client.send("POST /v1.41/exec/abc/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n"
                    + "{\"Detach\":false,\"Tty\":false}  "
                    + "hello");
            var response = client.read();
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Upgrade")).isEqualTo("tcp");
            assertThat(new String(client.readExactly(5), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HELLO");
            client.send("more bytes");
            assertThat(new String(client.readExactly(10), StandardCharsets.ISO_8859_1))
                    .isEqualTo("MORE BYTES");
            client.socket.shutdownOutput();
            assertThat(new String(client.input().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("BYE");
        }
        assertThat(daemon.received.getFirst().headers()).containsEntry("upgrade", "tcp");
    }

    @Test
    void edgeListOfConfigsShowsOnlyTheStoresObjects() throws Exception {
        proxy("edge");
        try (RawClient client = proxy.client()) {
            client.send("GET /v1.41/configs HTTP/1.1\r\nHost: docker\r\n\r\n");
            var response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("swarmedge-acme-a").doesNotContain("database-password");
            assertThat(response.header("Content-Length"))
                    .isEqualTo(Integer.toString(response.body().length()));
        }
    }

    @Test
    void edgeDeleteIsPinnedToTheIdThatWasChecked() throws Exception {
        proxy("edge");
        try (RawClient client = proxy.client()) {
            client.send("DELETE /v1.41/configs/swarmedge-acme-a HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            client.send("DELETE /v1.41/configs/gone HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(404);
        }
        assertThat(daemon.received)
                .extracting(r -> r.method() + " " + r.uri())
                .containsExactly(
                        "GET /v1.41/configs/swarmedge-acme-a",
                        "DELETE /v1.41/configs/id-own",
                        "GET /v1.41/configs/gone");
    }

    @Test
    void missingDaemonAnswers502() throws Exception {
        proxy = new ProxyHarness(dir.resolve("nothing.sock"), new EdgePolicy("p-"));
        try (RawClient client = proxy.client()) {
            client.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
            var response = client.read();
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("X-Swarmedge-Rule")).isEqualTo("docker-unavailable");
        }
    }

    @Test
    void daemonConnectionIsReusedAcrossKeepAliveRequests() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            for (int i = 0; i < 3; i++) {
                client.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
                assertThat(client.read().status()).isEqualTo(200);
            }
        }
        assertThat(daemon.connections).hasSize(1);
    }

    @Test
    void clientCloseClosesTheDaemonConnection() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            client.send("GET /events HTTP/1.1\r\nHost: docker\r\n\r\n");
            client.readLine();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> daemon.connections.stream().noneMatch(io.netty.channel.Channel::isActive));
    }

    @Test
    void slowHeadArrivingByteByByteIsAccepted() throws Exception {
        proxy("tecnativa");
        try (RawClient client = proxy.client()) {
            for (byte b : "GET /version HTTP/1.1\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) {
                client.send(new byte[] {b});
            }
            assertThat(client.read().status()).isEqualTo(200);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void healthProbePassesThroughThePingEndpoint() throws Exception {
        proxy("tecnativa");
        assertThat(HealthProbe.check(proxy.address(), Duration.ofSeconds(10))).isEmpty();
        proxy.close();
        proxy = new ProxyHarness(daemon.socket, ProxyHarness.policy("tecnativa PING=0"));
        assertThat(HealthProbe.check(proxy.address(), Duration.ofSeconds(10)))
                .hasValueSatisfying(p -> assertThat(p).contains("section-disabled"));
    }

    @Test
    void expectContinueIsRelayedBeforeTheBody() throws Exception {
        proxy("tecnativa CONTAINERS=1 POST=1");
        try (RawClient client = proxy.client()) {
            client.send("POST /containers/create HTTP/1.1\r\nHost: docker\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 2\r\n\r\n");
            assertThat(client.read(true).status()).isEqualTo(100);
            client.send("{}");
            assertThat(client.read().status()).isEqualTo(200);
            client.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
        assertThat(daemon.received.getFirst().body()).isEqualTo("{}");
    }

    @Test
    void idleAndStalledClientsAreClosedButStreamsAreNot() throws Exception {
        proxy = new ProxyHarness(
                daemon.socket, ProxyHarness.policy("tecnativa CONTAINERS=1 POST=1"), Duration.ofSeconds(1), 100);
        try (RawClient idle = proxy.client();
                RawClient partialHead = proxy.client();
                RawClient stalledBody = proxy.client();
                RawClient stream = proxy.client()) {
            partialHead.send("GET /version HTTP/1.1\r\nHost: do");
            stalledBody.send("POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 10\r\n\r\n{");
            stream.send("GET /events HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(stream.readLine()).startsWith("HTTP/1.1 200");
            assertThat(idle.closedByPeer()).isTrue();
            // Closed by the idle timer or answered 400 head-timeout first: either way the connection ends.
            assertThat(new String(partialHead.input().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .satisfiesAnyOf(
                            a -> assertThat(a).isEmpty(), a -> assertThat(a).contains("head-timeout"));
            assertThat(stalledBody.closedByPeer()).isTrue();
            // The stream outlives the idle timeout many times over.
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                assertThat(stream.readLine()).isNotNull();
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        proxy = new ProxyHarness(daemon.socket, ProxyHarness.policy("tecnativa"), Duration.ofSeconds(60), 1);
        try (RawClient first = proxy.client()) {
            first.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(first.read().status()).isEqualTo(200);
            try (RawClient second = proxy.client()) {
                assertThat(second.closedByPeer()).isTrue();
            }
            first.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(first.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyCutShortByHalfCloseEndsBothConnections() throws Exception {
        proxy("tecnativa CONTAINERS=1 POST=1");
        try (RawClient client = proxy.client()) {
            client.send("POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 10\r\n\r\n{\"a\"");
            await().atMost(Duration.ofSeconds(20)).until(() -> daemon.connections.size() == 1);
            client.socket.shutdownOutput();
            assertThat(client.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> daemon.connections.stream().noneMatch(io.netty.channel.Channel::isActive));
        assertThat(daemon.received).isEmpty();
    }

    @Test
    void aLargeRelayedUploadArrivesWholeBeforeTheHalfClose() throws Exception {
        proxy("tecnativa EXEC=1 POST=1");
        int size = 8 * 1024 * 1024;
        try (RawClient client = proxy.client()) {
            client.send("POST /exec/abc/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: 2\r\n\r\n{}");
            assertThat(client.read().status()).isEqualTo(101);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        client.socket.getOutputStream().write(chunk);
                    }
                    client.socket.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] echoed = client.input().readAllBytes();
            writer.join(Duration.ofSeconds(60));
            assertThat(daemon.echoed.get()).as("bytes the daemon received").isEqualTo(size);
            assertThat(echoed.length).isEqualTo(size + 3);
            String tail = new String(echoed, size - 5, 8, StandardCharsets.ISO_8859_1);
            assertThat(tail).isEqualTo("AAAAABYE");
        }
    }

    @Test
    void anHttp10EventStreamEndsWithTheConnectionWhenTheProxyStops() throws Exception {
        proxy = new ProxyHarness(
                daemon.socket, ProxyHarness.policy("tecnativa"), Duration.ofSeconds(60), 100, Duration.ofSeconds(60));
        try (RawClient client = proxy.client()) {
            client.send("GET /events HTTP/1.0\r\n\r\n");
            assertThat(client.readLine()).startsWith("HTTP/1.0 200");
            String header;
            while (!(header = client.readLine()).isEmpty()) {
                assertThat(header.toLowerCase()).doesNotStartWith("transfer-encoding");
            }
            assertThat(client.readLine()).contains("tick");
            Thread stopper = Thread.ofVirtual().start(proxy::close);
            // Without chunking the body ends with the connection: it closes at once, not after the 60 s grace.
            long started = System.nanoTime();
            client.input().readAllBytes();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            stopper.join(Duration.ofSeconds(20));
            proxy = null;
        }
    }

    @Test
    void aHeadDrippedByteByByteIsCutOffAtTheTimeout() throws Exception {
        proxy = new ProxyHarness(daemon.socket, ProxyHarness.policy("tecnativa"), Duration.ofSeconds(1), 100);
        try (RawClient client = proxy.client()) {
            Thread drip = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        client.send("GET /version HTTP/1.1\r\nX-Slow: ".substring(0, 1 + i % 20));
                        Thread.sleep(100); // the attack itself: one small write every 100 ms
                    }
                } catch (IOException | InterruptedException e) {
                    // the proxy closed the connection
                }
            });
            var response = client.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("X-Swarmedge-Rule")).isEqualTo("head-timeout");
            assertThat(client.closedByPeer()).isTrue();
            drip.interrupt();
        }
        assertThat(daemon.received).isEmpty();
    }
}
