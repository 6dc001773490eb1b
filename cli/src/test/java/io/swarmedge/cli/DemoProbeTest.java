package io.swarmedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DemoProbeTest {
    /** Answers one connection with {@code answer} and returns the request head it read. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer) {
        CompletableFuture<String> request = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    head.append((char) c);
                }
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                request.complete(head.toString());
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        return request;
    }

    private static DemoProbe probe(int port) {
        return new DemoProbe(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                "whoami.localhost",
                Duration.ofSeconds(5));
    }

    @Test
    void sendsTheDemoHostAndReadsTheStatus() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var request = serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            assertThat(probe(server.getLocalPort()).probe()).isEqualTo(new DemoProbe.Outcome.Answered(200));
            assertThat(request.get()).startsWith("GET / HTTP/1.1\r\n").contains("\r\nHost: whoami.localhost\r\n");
        }
    }

    @Test
    void aProxyWithoutTheRouteAnswers404() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "HTTP/1.1 404 Not Found\r\n\r\n");
            assertThat(probe(server.getLocalPort()).probe()).isEqualTo(new DemoProbe.Outcome.Answered(404));
        }
    }

    @Test
    void garbageOrNobodyIsNoAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            serveOnce(server, "SSH-2.0-OpenSSH\r\n");
            assertThat(probe(server.getLocalPort()).probe()).isInstanceOf(DemoProbe.Outcome.NoAnswer.class);
        }
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        assertThat(probe(closed).probe()).isInstanceOf(DemoProbe.Outcome.NoAnswer.class);
    }
}
