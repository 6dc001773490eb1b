package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.socketproxy.http.ApiPath;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing of the request gate: valid, forbidden and smuggling-shaped requests with random byte-level
 * mutations, sent to a proxy with Tecnativa's defaults. Whatever the bytes, the daemon (a lenient Netty parser)
 * must only ever see well-formed GET/HEAD requests for the three default sections, and every connection must end.
 */
class MutatedRequestsTest {
    private static final List<String> CORPUS = List.of(
            "GET /v1.41/version HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /containers/json HTTP/1.1\r\nHost: docker\r\n\r\n",
            "POST /containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\n\r\n{}",
            "GET /_ping HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "GET /version HTTP/1.1\r\nHost: docker\r\nContent-Length: 40\r\n\r\nGET /secrets HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /version HTTP/1.1\r\nHost: docker\r\n\r\nGET /info HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/events?since=1&until=2 HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/version/../secrets HTTP/1.1\r\nHost: docker\r\n\r\n",
            "DELETE /v1.41/_ping HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /_ping HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
            "GET /version HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
    private static final List<String> EDGE_CORPUS = List.of(
            body("POST /v1.41/configs/create", "{\"Name\":\"swarmedge-acme-x\",\"Data\":\"eA==\"}"),
            body("POST /v1.41/secrets/create", "{\"Name\":\"swarmedge-acme-k\",\"Data\":\"eA==\"}"),
            body("POST /v1.41/configs/id-own/update?version=1", "{\"Name\":\"swarmedge-acme-a\"}"),
            "DELETE /v1.41/configs/swarmedge-acme-a HTTP/1.1\r\nHost: docker\r\n\r\n",
            "DELETE /v1.41/configs/database-password HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/containers/abc/archive?path=/ HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/containers/abc/json HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/configs/database-password HTTP/1.1\r\nHost: docker\r\n\r\n",
            "GET /v1.41/services/abc/logs HTTP/1.1\r\nHost: docker\r\n\r\n");
    private static final Set<String> EDGE_READ =
            Set.of("_ping", "version", "events", "services", "tasks", "networks", "nodes", "containers", "configs");
    private static final byte[] INTERESTING = " \t\r\n:/.%\\\0a,;?#\u00ff0".getBytes(StandardCharsets.ISO_8859_1);
    private static final Set<String> ALLOWED_SECTIONS = Set.of("version", "_ping", "events");

    @TempDir
    Path dir;

    @Test
    void nothingButAllowedRequestsEverReachTheDaemon() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir);
                ProxyHarness proxy = new ProxyHarness(daemon.socket, ProxyHarness.policy("tecnativa"))) {
            daemon.streamEvents = false;
            // -Dfuzz.seed / -Dfuzz.iterations for longer local runs.
            SplittableRandom random = new SplittableRandom(Long.getLong("fuzz.seed", 20261126L));
            int iterations = Integer.getInteger("fuzz.iterations", 1500);
            int forwarded = 0;
            for (int i = 0; i < iterations; i++) {
                byte[] request = mutate(CORPUS.get(random.nextInt(CORPUS.size())), random);
                int before = daemon.received.size();
                exchange(proxy, request);
                for (var got : daemon.received.subList(before, daemon.received.size())) {
                    forwarded++;
                    String sent = HexFormat.of().formatHex(request);
                    assertThat(got.decoded())
                            .as("daemon could not parse what was forwarded for %s", sent)
                            .isTrue();
                    assertThat(got.method()).as("method forwarded for %s", sent).isIn("GET", "HEAD");
                    ApiPath path = ApiPath.parse(got.uri());
                    assertThat(path.segments())
                            .as("path forwarded for %s", sent)
                            .isNotEmpty();
                    assertThat(path.segments().getFirst())
                            .as("section forwarded for %s", sent)
                            .isIn(ALLOWED_SECTIONS);
                }
            }
            // The mutations leave enough requests intact for the check to mean something.
            assertThat(forwarded).isGreaterThan(100);
        }
    }

    @Test
    void theEdgeProfileNeverLetsAForeignObjectOrAContainerFileThrough() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(dir);
                ProxyHarness proxy = new ProxyHarness(daemon.socket, ProxyHarness.policy("edge"))) {
            SplittableRandom random = new SplittableRandom(Long.getLong("fuzz.seed", 20261126L));
            var guard = new io.swarmedge.socketproxy.policy.StoreObjectGuard("swarmedge-acme-");
            int writes = 0;
            for (int i = 0; i < Integer.getInteger("fuzz.iterations", 1500); i++) {
                byte[] request = mutate(EDGE_CORPUS.get(random.nextInt(EDGE_CORPUS.size())), random);
                int before = daemon.received.size();
                exchange(proxy, request);
                for (var got : daemon.received.subList(before, daemon.received.size())) {
                    String sent = HexFormat.of().formatHex(request);
                    assertThat(got.decoded())
                            .as("parse of what was forwarded for %s", sent)
                            .isTrue();
                    List<String> s = ApiPath.parse(got.uri()).segments();
                    switch (got.method()) {
                        case "GET", "HEAD" -> {
                            assertThat(s.getFirst())
                                    .as("read forwarded for %s", sent)
                                    .isIn(EDGE_READ);
                            if (s.getFirst().equals("containers")) {
                                assertThat(s.getLast())
                                        .as("container read for %s", sent)
                                        .isEqualTo("json");
                            }
                        }
                        case "POST" -> {
                            writes++;
                            assertThat(s.getFirst())
                                    .as("write forwarded for %s", sent)
                                    .isIn("configs", "secrets");
                            if (s.getLast().equals("update")) {
                                assertThat(s.get(1))
                                        .as("update target for %s", sent)
                                        .isEqualTo("id-own");
                            } else {
                                assertThat(s.getLast()).isEqualTo("create");
                                guard.checkSpecBody(got.body().getBytes(StandardCharsets.UTF_8), true);
                            }
                        }
                        case "DELETE" -> {
                            writes++;
                            assertThat(s).as("delete forwarded for %s", sent).containsExactly("configs", "id-own");
                        }
                        default -> throw new AssertionError("method " + got.method() + " forwarded for " + sent);
                    }
                }
            }
            assertThat(writes).isGreaterThan(20);
        }
    }

    private static String body(String requestLine, String json) {
        return requestLine + " HTTP/1.1\r\nHost: docker\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
    }

    /** Sends the bytes, half-closes, and reads until the proxy closes: it must, whatever it received. */
    private static void exchange(ProxyHarness proxy, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(proxy.address(), 10_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.shutdownOutput();
            try {
                socket.getInputStream().readAllBytes();
            } catch (SocketTimeoutException e) {
                throw new AssertionError(
                        "proxy kept the connection open for " + HexFormat.of().formatHex(request), e);
            } catch (IOException e) {
                // a reset is an end too
            }
        }
    }

    private static byte[] mutate(String seed, SplittableRandom random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : seed.getBytes(StandardCharsets.ISO_8859_1)) {
            bytes.add(b);
        }
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(bytes.size());
            byte interesting = INTERESTING[random.nextInt(INTERESTING.length)];
            switch (random.nextInt(5)) {
                case 0 -> bytes.set(at, interesting);
                case 1 -> bytes.add(at, interesting);
                case 2 -> {
                    if (bytes.size() > 1) {
                        bytes.remove(at);
                    }
                }
                case 3 -> bytes.set(at, (byte) (bytes.get(at) ^ 0x20)); // flip case
                default -> {
                    // repeat a stretch (a header line, a chunk, a request line)
                    int length = Math.min(1 + random.nextInt(24), bytes.size() - at);
                    bytes.addAll(at, new ArrayList<>(bytes.subList(at, at + length)));
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
