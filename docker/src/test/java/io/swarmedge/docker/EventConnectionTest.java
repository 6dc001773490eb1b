package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The events connection against a scripted server: chunked decoding, refusals, prompt close. */
class EventConnectionTest {
    /** Accepts one connection, reads the request head, writes {@code answer} and keeps it open. */
    private static CompletableFuture<String> serve(ServerSocket server, String answer) {
        CompletableFuture<String> request = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                Socket socket = server.accept();
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                request.complete(head.toString());
                in.read(); // hold the connection open until the client closes it
                socket.close();
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        });
        return request;
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    private static DockerApi api(ServerSocket server) {
        return DockerApi.connect(
                DockerEndpoint.parse("tcp://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(5));
    }

    @Test
    void decodesChunkedEventsSplitAnywhere() throws Exception {
        String first =
                "{\"Type\":\"service\",\"Action\":\"update\",\"Actor\":{\"ID\":\"s1\",\"Attributes\":{\"name\":\"web\"}}}\n";
        String second = "{\"Type\":\"container\",\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\"c1\"}}\n";
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(first.substring(0, 17)) + chunk(first.substring(17) + second.substring(0, 5))
                + chunk(second.substring(5));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DockerApi api = api(server)) {
            var request = serve(server, answer);
            try (EventStream events = api.events(Map.of("type", List.of("service")))) {
                assertThat(events.next()).isEqualTo(new SwarmEvent("service", "update", "s1", "web"));
                assertThat(events.next()).isEqualTo(new SwarmEvent("container", "health_status: healthy", "c1", ""));
            }
            assertThat(request.get(5, TimeUnit.SECONDS))
                    .startsWith("GET /events?filters=%7B%22type%22%3A%5B%22service%22%5D%7D HTTP/1.1\r\n")
                    .contains("\r\nHost: docker\r\n");
        }
    }

    @Test
    void aRefusalCarriesItsStatusAndReason() throws Exception {
        String body = "refused by rule EVENTS=0";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DockerApi api = api(server)) {
            serve(server, "HTTP/1.1 403 Forbidden\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThatThrownBy(() -> api.events(Map.of()))
                    .isInstanceOfSatisfying(
                            DockerApiException.class,
                            e -> assertThat(e.status()).contains(403))
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("EVENTS=0");
        }
    }

    @Test
    void closingEndsABlockedReadAtOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DockerApi api = api(server)) {
            serve(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            EventStream events = api.events(Map.of());
            CompletableFuture<Throwable> reader = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    events.next();
                    reader.complete(null);
                } catch (RuntimeException e) {
                    reader.complete(e);
                }
            });
            Thread.sleep(200); // let the reader block: nothing to wait for, the server sends nothing
            long start = System.nanoTime();
            events.close();
            assertThat(reader.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(DockerApiException.class)
                    .hasMessageContaining("closed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aStreamThatEndsIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DockerApi api = api(server)) {
            serve(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
            try (EventStream events = api.events(Map.of())) {
                assertThatThrownBy(events::next)
                        .isInstanceOf(DockerApiException.class)
                        .hasMessageContaining("ended");
            }
        }
    }
}
