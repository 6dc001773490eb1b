package io.swarmedge.cli.downtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
    private static DowntimeOptions options(int port, Duration timeout) {
        return new DowntimeOptions(
                URI.create("http://127.0.0.1:" + port + "/"),
                Duration.ofSeconds(1),
                10,
                1,
                MethodMix.BOTH,
                timeout,
                "");
    }

    private static HttpProbe probe(int port, ConnectionMode mode) {
        return probe(port, mode, Duration.ofSeconds(5));
    }

    private static HttpProbe probe(int port, ConnectionMode mode, Duration timeout) {
        return new HttpProbe(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                options(port, timeout),
                mode,
                System::nanoTime);
    }

    @Test
    void keepAliveReusesOneConnectionForGetsAndPosts() {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback());
                HttpProbe probe = probe(whoami.port(), ConnectionMode.KEEP_ALIVE)) {
            for (int i = 0; i < 6; i++) {
                HttpProbe.Exchange exchange = probe.send(MethodMix.BOTH.methodFor(i), i);
                assertThat(exchange.outcome()).isEqualTo(new Outcome.Answered(200));
            }
            assertThat(whoami.requestCount()).isEqualTo(6);
            assertThat(whoami.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void newModeOpensAConnectionPerRequest() {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback());
                HttpProbe probe = probe(whoami.port(), ConnectionMode.NEW)) {
            for (int i = 0; i < 4; i++) {
                assertThat(probe.send(MethodMix.BOTH.methodFor(i), i).outcome().ok())
                        .isTrue();
            }
            assertThat(whoami.acceptedConnections()).isEqualTo(4);
        }
    }

    @Test
    void refusedWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (HttpProbe probe = probe(port, ConnectionMode.NEW)) {
            Outcome outcome = probe.send("GET", 0).outcome();
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            Outcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.REFUSED));
        }
    }

    @Test
    void chunkedAndUnframedAnswersAreRead() throws IOException {
        try (ScriptedServer server = new ScriptedServer((socket, index) -> {
                    var in = socket.getInputStream();
                    ScriptedServer.readRequest(in);
                    ScriptedServer.write(
                            socket,
                            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + "5;x=y\r\nhello\r\n0\r\nTrailer: t\r\n\r\n");
                    ScriptedServer.readRequest(in);
                    ScriptedServer.write(socket, "HTTP/1.1 204 No Content\r\n\r\n");
                    ScriptedServer.readRequest(in);
                    ScriptedServer.write(socket, "HTTP/1.0 302 Found\r\n\r\nbody until close");
                });
                HttpProbe probe = probe(server.port(), ConnectionMode.KEEP_ALIVE)) {
            assertThat(probe.send("GET", 0).outcome()).isEqualTo(new Outcome.Answered(200));
            assertThat(probe.send("POST", 1).outcome()).isEqualTo(new Outcome.Answered(204));
            assertThat(probe.send("GET", 2).outcome()).isEqualTo(new Outcome.Answered(302));
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void closedWithoutAnswerAndResetAreResets() throws IOException {
        try (ScriptedServer server = new ScriptedServer((socket, index) -> {
                    ScriptedServer.readRequest(socket.getInputStream());
                    if (index % 2 == 0) {
                        socket.setSoLinger(true, 0); // RST
                    }
                });
                HttpProbe probe = probe(server.port(), ConnectionMode.NEW)) {
            for (int i = 0; i < 2; i++) {
                assertThat(probe.send("GET", i).outcome())
                        .isInstanceOfSatisfying(
                                Outcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.RESET));
            }
        }
    }

    @Test
    void silenceIsATimeoutWithinTheLimit() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer((socket, index) -> {
                    ScriptedServer.readRequest(socket.getInputStream());
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                HttpProbe probe = probe(server.port(), ConnectionMode.NEW, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            Outcome outcome = probe.send("GET", 0).outcome();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            release.countDown();
            assertThat(outcome)
                    .isInstanceOfSatisfying(
                            Outcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.TIMEOUT));
            assertThat(tookMs).isBetween(250L, 10_000L);
        }
    }

    @Test
    void statusesAndGarbage() throws IOException {
        try (ScriptedServer server = new ScriptedServer((socket, index) -> {
                    ScriptedServer.readRequest(socket.getInputStream());
                    ScriptedServer.write(
                            socket,
                            switch (index) {
                                case 0 -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
                                case 1 -> "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno\n";
                                default -> "SSH-2.0-OpenSSH\r\n";
                            });
                });
                HttpProbe probe = probe(server.port(), ConnectionMode.NEW)) {
            assertThat(((Outcome.Failed) probe.send("GET", 0).outcome()).kind()).isEqualTo(FailureKind.SERVER_ERROR);
            assertThat(((Outcome.Failed) probe.send("GET", 1).outcome()).kind()).isEqualTo(FailureKind.OTHER);
            Outcome.Failed garbage = (Outcome.Failed) probe.send("GET", 2).outcome();
            assertThat(garbage.kind()).isEqualTo(FailureKind.OTHER);
            assertThat(garbage.detail()).contains("not an HTTP/1.x answer");
        }
    }

    @Test
    void aGetOnAConnectionTheServerClosedIsRetriedOnceAPostIsNot() throws IOException {
        // Every connection answers one request with keep-alive, then closes without a word.
        try (ScriptedServer server = new ScriptedServer((socket, index) -> {
                    ScriptedServer.readRequest(socket.getInputStream());
                    ScriptedServer.write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    ScriptedServer.readRequest(socket.getInputStream());
                });
                HttpProbe probe = probe(server.port(), ConnectionMode.KEEP_ALIVE)) {
            assertThat(probe.send("GET", 0)).isEqualTo(new HttpProbe.Exchange(new Outcome.Answered(200), false));
            assertThat(probe.send("GET", 1)).isEqualTo(new HttpProbe.Exchange(new Outcome.Answered(200), true));
            HttpProbe.Exchange post = probe.send("POST", 2);
            assertThat(post.retriedStale()).isFalse();
            assertThat(post.outcome())
                    .isInstanceOfSatisfying(
                            Outcome.Failed.class, f -> assertThat(f.kind()).isEqualTo(FailureKind.RESET));
        }
    }
}
