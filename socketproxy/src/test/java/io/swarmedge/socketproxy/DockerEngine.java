package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Direct calls to the real daemon's unix socket for test setup and cleanup (one request per connection), and the
 * CI rule: when the socket is missing, fail under {@code CI=true}, skip otherwise.
 */
final class DockerEngine {
    static final Path SOCKET = Path.of("/var/run/docker.sock");

    record Answer(int status, String body) {}

    private DockerEngine() {}

    static void requireDaemon() {
        boolean present = Files.exists(SOCKET) && ping();
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("dockerd is not answering on " + SOCKET
                    + " (CI=true): scripts/setup.d/50-docker.sh should have started it");
        }
        Assumptions.assumeTrue(present, "dockerd is not running on " + SOCKET);
        boolean swarm = swarmActive();
        if (!swarm && "true".equals(System.getenv("CI"))) {
            fail("dockerd on " + SOCKET + " is not a swarm manager (CI=true): scripts/setup.d/50-docker.sh should have"
                    + " run docker swarm init");
        }
        Assumptions.assumeTrue(swarm, "dockerd is not in a swarm (docker swarm init)");
    }

    private static boolean swarmActive() {
        try {
            String info = call("GET", "/info", (byte[]) null).body();
            return info.contains("\"LocalNodeState\":\"active\"") && info.contains("\"ControlAvailable\":true");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ping() {
        try {
            return call("GET", "/_ping", (byte[]) null).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    static Answer call(String method, String target, byte[] body) throws IOException {
        return call(method, target, body, "application/json");
    }

    static Answer call(String method, String target, byte[] body, String contentType) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(SOCKET));
            StringBuilder head = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: docker\r\nConnection: close\r\n");
            if (body != null) {
                head.append("Content-Type: ")
                        .append(contentType)
                        .append("\r\nContent-Length: ")
                        .append(body.length)
                        .append("\r\n");
            }
            head.append("\r\n");
            channel.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
            if (body != null) {
                ByteBuffer buffer = ByteBuffer.wrap(body);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            InputStream in = Channels.newInputStream(channel);
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String rawBody = response.substring(split + 4);
            if (response.substring(0, split).toLowerCase().contains("transfer-encoding: chunked")) {
                rawBody = dechunk(rawBody);
            }
            return new Answer(status, rawBody);
        }
    }

    static Answer call(String method, String target, String json) throws IOException {
        return call(method, target, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(chunked.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            at = eol + 2 + size + 2;
        }
    }
}
