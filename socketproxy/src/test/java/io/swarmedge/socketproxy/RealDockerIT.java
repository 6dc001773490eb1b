package io.swarmedge.socketproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of the real dockerd on {@code /var/run/docker.sock}. Objects created here are named
 * {@code sptest-…} and removed at the end of each test.
 */
class RealDockerIT {
    static final String SEED = "tecnativa CONTAINERS=1 SERVICES=1 NODES=1 NETWORKS=1 TASKS=1 VERSION=1";
    static final Pattern ID = Pattern.compile("\"I[dD]\"\\s*:\\s*\"([0-9a-z]+)\"");

    final List<ProxyHarness> proxies = new ArrayList<>();
    final List<String> cleanup = new ArrayList<>();

    static String image;

    @BeforeAll
    static void daemon() {
        DockerEngine.requireDaemon();
    }

    @org.junit.jupiter.api.AfterAll
    static void removeImage() throws IOException {
        if (image != null) {
            DockerEngine.call("DELETE", "/images/" + image + "?force=1", (byte[]) null);
        }
    }

    /** A tiny image with cat and sleep, imported once per run. */
    static synchronized String image() throws Exception {
        if (image == null) {
            String name = unique("img");
            var imported = DockerEngine.call(
                    "POST", "/images/create?fromSrc=-&repo=" + name + "&tag=1", tinyRootFs(), "application/x-tar");
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);
            image = name + ":1";
        }
        return image;
    }

    /** Creates and starts a container of {@link #image()}; removed after the test. */
    String runContainer(String createJson) throws Exception {
        var container = DockerEngine.call("POST", "/containers/create?name=" + unique("ctr"), createJson);
        assertThat(container.status()).as(container.body()).isEqualTo(201);
        String containerId = id(container.body());
        cleanup.add("/containers/" + containerId + "?force=1");
        assertThat(DockerEngine.call("POST", "/containers/" + containerId + "/start", (byte[]) null)
                        .status())
                .isEqualTo(204);
        return containerId;
    }

    @AfterEach
    void tearDown() throws IOException {
        proxies.forEach(ProxyHarness::close);
        for (String target : cleanup.reversed()) {
            DockerEngine.call("DELETE", target, (byte[]) null);
        }
    }

    ProxyHarness proxy(String profile) throws InterruptedException {
        var proxy = new ProxyHarness(DockerEngine.SOCKET, ProxyHarness.policy(profile));
        proxies.add(proxy);
        return proxy;
    }

    static String unique(String what) {
        return "sptest-" + what + "-" + Long.toHexString(System.nanoTime());
    }

    static String id(String json) {
        Matcher m = ID.matcher(json);
        assertThat(m.find()).as("an ID in %s", json).isTrue();
        return m.group(1);
    }

    static void post(RawClient client, String target, String json) throws IOException {
        client.send("POST " + target + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
    }

    @Test
    void theSeedsSectionsReadTheSwarmAndRefuseEverythingElse() throws Exception {
        var proxy = proxy(SEED);
        try (RawClient client = proxy.client()) {
            client.send("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().body()).contains("\"ApiVersion\"");
            client.send("GET /v1.41/services?status=true HTTP/1.1\r\nHost: docker\r\n\r\n");
            var services = client.read();
            assertThat(services.status()).isEqualTo(200);
            assertThat(services.body()).startsWith("[");
            client.send("GET /v1.41/nodes HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().body()).contains("\"Role\"");
            client.send("GET /v1.41/tasks HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            client.send("GET /v1.41/info HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(403);
            client.send("GET /v1.41/secrets HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(403);
        }
        String name = unique("net");
        try (RawClient client = proxy.client()) {
            post(client, "/v1.41/networks/create", "{\"Name\":\"" + name + "\"}");
            var response = client.read();
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("X-Swarmedge-Rule")).isEqualTo("post-disabled");
        }
        assertThat(DockerEngine.call("GET", "/networks/" + name, (byte[]) null).status())
                .isEqualTo(404);
    }

    @Test
    void eventsStreamWhileANetworkComesAndGoesThenEndCleanlyWhenTheProxyStops() throws Exception {
        var reader = proxy(SEED);
        var writer = proxy("tecnativa NETWORKS=1 POST=1");
        String name = unique("net");
        String filters = URLEncoder.encode("{\"type\":[\"network\"]}", StandardCharsets.UTF_8);
        try (RawClient events = reader.client()) {
            events.send("GET /v1.41/events?filters=" + filters + " HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(events.readLine()).startsWith("HTTP/1.1 200");
            while (!events.readLine().isEmpty()) {
                // headers
            }
            String id;
            try (RawClient client = writer.client()) {
                post(client, "/v1.41/networks/create", "{\"Name\":\"" + name + "\",\"Driver\":\"bridge\"}");
                var created = client.read();
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                id = id(created.body());
                cleanup.add("/networks/" + id);
                client.send("DELETE /v1.41/networks/" + id + " HTTP/1.1\r\nHost: docker\r\n\r\n");
                assertThat(client.read().status()).isEqualTo(204);
            }
            StringBuilder seen = new StringBuilder();
            while (!(seen.toString().contains("\"create\"") && seen.toString().contains("\"destroy\""))) {
                int size = Integer.parseInt(events.readLine().strip(), 16);
                assertThat(size).as("stream ended early; saw %s", seen).isPositive();
                String event = new String(events.readExactly(size), StandardCharsets.UTF_8);
                events.readLine();
                if (event.contains(id)) {
                    seen.append(event);
                }
            }
            // Stopping the proxy ends the stream with its last chunk and closes the connection.
            reader.close();
            proxies.remove(reader);
            int size;
            do {
                size = Integer.parseInt(events.readLine().strip(), 16);
                events.readExactly(size);
                events.readLine();
            } while (size > 0);
            assertThat(events.closedByPeer()).isTrue();
        }
    }

    @Test
    void edgeProfileRefusesArchiveAndWritesOnlyTheStoresConfigs() throws Exception {
        var edge = proxy("edge");
        String own = "swarmedge-acme-" + unique("cfg");
        String other = unique("cfg");
        var created = DockerEngine.call("POST", "/configs/create", "{\"Name\":\"" + other + "\",\"Data\":\"eA==\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String otherId = id(created.body());
        cleanup.add("/configs/" + otherId);
        try (RawClient client = edge.client()) {
            client.send("GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            client.send("GET /v1.41/containers/sptest-any/archive?path=/etc/shadow HTTP/1.1\r\nHost: docker\r\n\r\n");
            var archive = client.read();
            assertThat(archive.status()).isEqualTo(403);
            assertThat(archive.header("X-Swarmedge-Rule")).isEqualTo("edge-profile");

            post(client, "/v1.41/configs/create", "{\"Name\":\"" + own + "\",\"Data\":\"aGVsbG8=\"}");
            var ownCreated = client.read();
            assertThat(ownCreated.status()).as(ownCreated.body()).isEqualTo(201);
            String ownId = id(ownCreated.body());
            cleanup.add("/configs/" + ownId);

            post(client, "/v1.41/configs/create", "{\"Name\":\"" + unique("cfg") + "\",\"Data\":\"eA==\"}");
            assertThat(client.read().status()).isEqualTo(403);

            client.send("GET /v1.41/configs HTTP/1.1\r\nHost: docker\r\n\r\n");
            var list = client.read();
            assertThat(list.body()).contains(own).doesNotContain(other);

            client.send("GET /v1.41/configs/" + otherId + " HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(403);
            client.send("DELETE /v1.41/configs/" + other + " HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(403);
            client.send("DELETE /v1.41/configs/" + own + " HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(204);
        }
        assertThat(DockerEngine.call("GET", "/configs/" + otherId, (byte[]) null)
                        .status())
                .isEqualTo(200);
        assertThat(DockerEngine.call("GET", "/configs/" + own, (byte[]) null).status())
                .isEqualTo(404);
    }

    @Test
    void execStartIsHijackedAndRelaysStdinAndStdout() throws Exception {
        String containerId = runContainer(
                "{\"Image\":\"" + image() + "\",\"Cmd\":[\"/usr/bin/sleep\",\"300\"],\"NetworkDisabled\":true}");
        var exec = DockerEngine.call(
                "POST",
                "/containers/" + containerId + "/exec",
                "{\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"/usr/bin/cat\"]}");
        assertThat(exec.status()).as(exec.body()).isEqualTo(201);
        String execId = id(exec.body());

        var refusing = proxy("tecnativa POST=1");
        try (RawClient client = refusing.client()) {
            client.send(execStart(execId));
            assertThat(client.read().status()).isEqualTo(403);
        }
        var proxy = proxy("tecnativa EXEC=1 POST=1");
        try (RawClient client = proxy.client()) {
            client.send(execStart(execId));
            var upgraded = client.read();
            assertThat(upgraded.status()).isEqualTo(101);
            assertThat(upgraded.header("Upgrade")).isEqualTo("tcp");
            client.send("hello through the proxy\n");
            // Without a TTY the daemon multiplexes: 8-byte frame header (stream, 0, 0, 0, length) then the bytes.
            byte[] header = client.readExactly(8);
            assertThat(header[0]).isEqualTo((byte) 1);
            int length = ((header[4] & 0xff) << 24)
                    | ((header[5] & 0xff) << 16)
                    | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            assertThat(new String(client.readExactly(length), StandardCharsets.UTF_8))
                    .isEqualTo("hello through the proxy\n");
            // Half-close: cat sees end of input, exits, and the daemon ends the stream.
            client.socket.shutdownOutput();
            assertThat(client.input().readAllBytes()).isEmpty();
        }
        // Megabytes both ways at once, then a half-close: every byte comes back before the stream ends.
        var bulk = DockerEngine.call(
                "POST",
                "/containers/" + containerId + "/exec",
                "{\"AttachStdin\":true,\"AttachStdout\":true,\"Cmd\":[\"/usr/bin/cat\"]}");
        int size = 4 * 1024 * 1024;
        try (RawClient client = proxy.client()) {
            client.send(execStart(id(bulk.body())));
            assertThat(client.read().status()).isEqualTo(101);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    byte[] chunk = new byte[32 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        client.socket.getOutputStream().write(chunk);
                    }
                    client.socket.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long received = 0;
            while (true) {
                byte[] header = client.input().readNBytes(8);
                if (header.length == 0) {
                    break;
                }
                assertThat(header).hasSize(8);
                int length = ((header[4] & 0xff) << 24)
                        | ((header[5] & 0xff) << 16)
                        | ((header[6] & 0xff) << 8)
                        | (header[7] & 0xff);
                received += client.readExactly(length).length;
            }
            writer.join();
            assertThat(received).isEqualTo(size);
        }
    }

    private static String execStart(String execId) {
        String body = "{\"Detach\":false,\"Tty\":false}";
        return "POST /v1.41/exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
                + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    /** A root filesystem with cat, sleep and their libraries from this machine (no registry here). */
    private static byte[] tinyRootFs() throws Exception {
        List<String> files = new ArrayList<>(List.of("usr/bin/cat", "usr/bin/sleep"));
        for (String binary : List.of("/usr/bin/cat", "/usr/bin/sleep")) {
            Process ldd =
                    new ProcessBuilder("ldd", binary).redirectErrorStream(true).start();
            try (var lines = new BufferedReader(new InputStreamReader(ldd.getInputStream())).lines()) {
                lines.map(l -> l.replaceAll(".*=>", "").strip().split("\\s+")[0])
                        .filter(p -> p.startsWith("/"))
                        .map(p -> p.substring(1))
                        .filter(p -> !files.contains(p))
                        .forEach(files::add);
            }
            ldd.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> command = new ArrayList<>(List.of("tar", "-c", "--dereference", "-f", "-", "-C", "/"));
        command.addAll(files);
        Process tar = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tar.getInputStream().transferTo(out);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        return out.toByteArray();
    }

    @Test
    void sigtermEndsAnEventsStreamCleanly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ProxyMain.class.getName(),
                        DockerEngine.SOCKET.toString(),
                        "tecnativa")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // Log lines go to stdout too; the port is announced on its own line.
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            String l;
                            while ((l = stdout.readLine()) != null && !l.startsWith("port=")) {
                                // skip
                            }
                            return l;
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertThat(line).startsWith("port=");
            int port = Integer.parseInt(line.substring(5));
            try (RawClient events = new RawClient(new InetSocketAddress("127.0.0.1", port))) {
                events.send("GET /v1.41/events HTTP/1.1\r\nHost: docker\r\n\r\n");
                assertThat(events.readLine()).startsWith("HTTP/1.1 200");
                while (!events.readLine().isEmpty()) {
                    // headers
                }
                process.destroy(); // SIGTERM
                int size;
                do {
                    size = Integer.parseInt(events.readLine().strip(), 16);
                    events.readExactly(size);
                    events.readLine();
                } while (size > 0);
                assertThat(events.closedByPeer()).isTrue();
            }
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void logsFollowStreamWhatAnAttachedStdinWrites() throws Exception {
        String containerId = runContainer("{\"Image\":\"" + image() + "\",\"Cmd\":[\"/usr/bin/cat\"],"
                + "\"OpenStdin\":true,\"AttachStdin\":true,\"NetworkDisabled\":true}");
        var proxy = proxy("tecnativa CONTAINERS=1 POST=1");
        try (RawClient logs = proxy.client();
                RawClient attach = proxy.client()) {
            logs.send("GET /v1.41/containers/" + containerId
                    + "/logs?follow=1&stdout=1 HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(logs.readLine()).startsWith("HTTP/1.1 200");
            boolean chunked = false;
            String header;
            while (!(header = logs.readLine()).isEmpty()) {
                chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
            }
            attach.send("POST /v1.41/containers/" + containerId + "/attach?stream=1&stdin=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
            assertThat(attach.read().status()).isEqualTo(101);
            StringBuilder seen = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                attach.send("line " + i + "\n");
                // Each line comes back through the other connection while it stays open: a followed log stream.
                while (!seen.toString().contains("line " + i + "\n")) {
                    if (chunked) {
                        int size = Integer.parseInt(logs.readLine().strip(), 16);
                        assertThat(size).isPositive();
                        seen.append(new String(logs.readExactly(size), StandardCharsets.ISO_8859_1));
                        logs.readLine();
                    } else {
                        byte[] frame = logs.readExactly(8);
                        int length = ((frame[4] & 0xff) << 24)
                                | ((frame[5] & 0xff) << 16)
                                | ((frame[6] & 0xff) << 8)
                                | (frame[7] & 0xff);
                        seen.append(new String(logs.readExactly(length), StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
    }

    @Test
    void edgeProfilePassesWhatTheSwarmProviderReads() throws Exception {
        var edge = proxy("edge");
        String nodeId = id(DockerEngine.call("GET", "/nodes", (byte[]) null).body());
        String networkId =
                id(DockerEngine.call("GET", "/networks?filters=%7B%22name%22%3A%5B%22ingress%22%5D%7D", (byte[]) null)
                        .body());
        String filters = URLEncoder.encode("{\"desired-state\":[\"running\"]}", StandardCharsets.UTF_8);
        try (RawClient client = edge.client()) {
            for (String target : List.of(
                    "/_ping",
                    "/v1.41/version",
                    "/v1.41/services?status=true",
                    "/v1.41/tasks?filters=" + filters,
                    "/v1.41/networks",
                    "/v1.41/networks/" + networkId,
                    "/v1.41/nodes",
                    "/v1.41/nodes/" + nodeId,
                    "/v1.41/containers/json")) {
                client.send("GET " + target + " HTTP/1.1\r\nHost: docker\r\n\r\n");
                var response = client.read();
                assertThat(response.status())
                        .as("GET %s: %s", target, response.body())
                        .isEqualTo(200);
            }
            // A bounded event query (until = now) ends on its own; dockerd has no HEAD for /events.
            long now = System.currentTimeMillis() / 1000;
            client.send(
                    "GET /v1.41/events?since=" + (now - 60) + "&until=" + now + " HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            for (String target :
                    List.of("/v1.41/info", "/v1.41/images/json", "/v1.41/secrets/x/update", "/v1.41/swarm")) {
                client.send("GET " + target + " HTTP/1.1\r\nHost: docker\r\n\r\n");
                assertThat(client.read().status()).as("GET %s", target).isEqualTo(403);
            }
        }
    }
}
