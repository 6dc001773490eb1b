package io.swarmedge.vip.track;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.swarmedge.vip.config.CheckSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void scriptExitStatusDecides() {
        assertThat(new HealthProbe.ScriptProbe(List.of("/bin/true")).probe(TIMEOUT))
                .isEqualTo(ProbeResult.HEALTHY);
        assertThat(new HealthProbe.ScriptProbe(List.of("/bin/false")).probe(TIMEOUT))
                .isEqualTo(ProbeResult.FAILED);
        assertThat(new HealthProbe.ScriptProbe(List.of("/nonexistent/check")).probe(TIMEOUT))
                .isEqualTo(ProbeResult.FAILED);
    }

    @Test
    void aScriptThatOverrunsItsTimeoutFails() {
        long start = System.nanoTime();
        assertThat(new HealthProbe.ScriptProbe(List.of("/bin/sleep", "30")).probe(Duration.ofMillis(300)))
                .isEqualTo(ProbeResult.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void dockerPingNeedsA200OnTheSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        assertThat(new HealthProbe.DockerPingProbe(socket).probe(TIMEOUT))
                .as("no socket")
                .isEqualTo(ProbeResult.FAILED);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(() -> answer(server, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"));
            assertThat(new HealthProbe.DockerPingProbe(socket).probe(TIMEOUT)).isEqualTo(ProbeResult.HEALTHY);
            Thread.ofVirtual().start(() -> answer(server, "HTTP/1.1 500 Internal Server Error\r\n\r\n"));
            assertThat(new HealthProbe.DockerPingProbe(socket).probe(TIMEOUT)).isEqualTo(ProbeResult.FAILED);
        }
        Files.deleteIfExists(socket);
    }

    private static void answer(ServerSocketChannel server, String reply) {
        try (SocketChannel c = server.accept()) {
            c.read(ByteBuffer.allocate(1024));
            c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException ignored) {
            // the test sees the result through the probe
        }
    }

    @Test
    void aSilentDockerSocketFailsWithinTheTimeout(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            assertThat(new HealthProbe.DockerPingProbe(socket).probe(Duration.ofMillis(300)))
                    .isEqualTo(ProbeResult.FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void httpNeedsA2xx() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/ping", e -> {
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.createContext("/down", e -> {
            e.sendResponseHeaders(503, -1);
            e.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(new HealthProbe.HttpProbe(URI.create(base + "/ping"), false).probe(TIMEOUT))
                    .isEqualTo(ProbeResult.HEALTHY);
            assertThat(new HealthProbe.HttpProbe(URI.create(base + "/down"), false).probe(TIMEOUT))
                    .isEqualTo(ProbeResult.FAILED);
        } finally {
            server.stop(0);
        }
        assertThat(new HealthProbe.HttpProbe(URI.create("http://127.0.0.1:1/ping"), false).probe(TIMEOUT))
                .isEqualTo(ProbeResult.FAILED);
    }

    @Test
    void theProxyPingTells503ApartFromNoAnswer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/ping", e -> {
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.createContext("/draining", e -> {
            e.sendResponseHeaders(503, -1);
            e.close();
        });
        server.createContext("/broken", e -> {
            e.sendResponseHeaders(500, -1);
            e.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(HealthProbe.of(new CheckSpec.ProxyPing(URI.create(base + "/ping")))
                            .probe(TIMEOUT))
                    .isEqualTo(ProbeResult.HEALTHY);
            assertThat(HealthProbe.of(new CheckSpec.ProxyPing(URI.create(base + "/draining")))
                            .probe(TIMEOUT))
                    .isEqualTo(ProbeResult.NOT_SERVING);
            assertThat(HealthProbe.of(new CheckSpec.ProxyPing(URI.create(base + "/broken")))
                            .probe(TIMEOUT))
                    .isEqualTo(ProbeResult.FAILED);
        } finally {
            server.stop(0);
        }
        assertThat(HealthProbe.of(new CheckSpec.ProxyPing(URI.create("http://127.0.0.1:1/ping")))
                        .probe(TIMEOUT))
                .as("connection refused counts toward fall")
                .isEqualTo(ProbeResult.FAILED);
    }
}
