package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of raw requests in {@code hostile-requests.txt}, each sent over a fresh TCP connection. */
class HostileRequestsTest {
    record Case(String name, String profile, int status, String rule, byte[] request) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    static Path dir;

    static FakeDaemon daemon;
    static final Map<String, ProxyHarness> proxies = new HashMap<>();

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = new FakeDaemon(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        proxies.values().forEach(ProxyHarness::close);
        daemon.close();
    }

    static Stream<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = HostileRequestsTest.class.getResourceAsStream("/hostile-requests.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String name = null;
            String profile = null;
            int status = 0;
            String rule = null;
            StringBuilder request = new StringBuilder();
            for (String line : (text + "\n=== end").split("\n")) {
                if (line.startsWith("=== ")) {
                    if (name != null) {
                        cases.add(new Case(name, profile, status, rule, bytes(request.toString())));
                    }
                    name = line.substring(4).strip();
                    profile = null;
                    request.setLength(0);
                } else if (line.startsWith("profile ")) {
                    profile = line.substring(8);
                } else if (line.startsWith("expect ")) {
                    String[] parts = line.split("\\s+");
                    status = Integer.parseInt(parts[1]);
                    rule = parts[2];
                } else if (!line.startsWith("#") && !line.isBlank() && name != null) {
                    request.append(line);
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(80);
        return cases.stream();
    }

    /** Interprets the escapes and fills in {@code @LEN@}. */
    static byte[] bytes(String escaped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = escaped.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        String raw = out.toString(StandardCharsets.ISO_8859_1);
        int bodyStart = raw.indexOf("\r\n\r\n") + 4;
        if (raw.contains("@LEN@")) {
            int length = raw.length() - bodyStart;
            raw = raw.replace("@LEN@", Integer.toString(length));
        }
        return raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void requestIsAnsweredAsTheTableSays(Case c) throws Exception {
        ProxyHarness proxy = proxies.computeIfAbsent(c.profile(), p -> {
            try {
                return new ProxyHarness(daemon.socket, ProxyHarness.policy(p));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        int before = daemon.received.size();
        String request = new String(c.request(), StandardCharsets.ISO_8859_1);
        try (RawClient client = proxy.client()) {
            client.send(c.request());
            boolean head = request.stripLeading().startsWith("HEAD ");
            RawClient.Response response = client.read(head);
            assertThat(response.status())
                    .as("status of %s: %s", c.name(), response.body())
                    .isEqualTo(c.status());
            var after = daemon.received.subList(before, daemon.received.size());
            if (c.rule().equals("-")) {
                assertThat(response.header("X-Swarmedge-Rule")).isNull();
                assertThat(after).as("requests the daemon received").isNotEmpty();
            } else {
                assertThat(response.header("X-Swarmedge-Rule")).isEqualTo(c.rule());
                if (!head) {
                    assertThat(response.body()).contains("rule=" + c.rule());
                }
                // A store check may look the object up (GET) first; nothing else may reach the daemon.
                assertThat(after)
                        .as("requests the daemon received")
                        .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"))
                        .hasSizeLessThanOrEqualTo(c.rule().equals("store-prefix") ? 1 : 0);
            }
            if (c.status() == 400) {
                client.socket.setSoTimeout(5_000);
                assertThat(client.closedByPeer())
                        .as("connection closed after 400")
                        .isTrue();
            }
        }
    }
}
