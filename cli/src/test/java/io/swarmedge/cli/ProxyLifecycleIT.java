package io.swarmedge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarmedge proxy} as a real process, as {@code vip} and Swarm see it: {@code /ping} is 503
 * until every provider's first configuration is live, and SIGTERM drains it (ping 503 at once, new
 * connections served during {@code requestAcceptGraceTimeout}, idle keep-alive closed cleanly,
 * in-flight requests finished) before the process exits. Prints the time from SIGTERM to exit.
 */
class ProxyLifecycleIT {
    private static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        threads.shutdownNow();
    }

    @Test
    void pingWaitsForTheFileProviderAndSigtermDrainsBeforeExit() throws Exception {
        try (WhoamiServer backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"))) {
            Path dynamic = writeRoutes(backend);
            int web = freePort();
            int admin = freePort();
            Process proxy = proxy(
                    "--entrypoints.web.address=127.0.0.1:" + web,
                    "--entrypoints.traefik.address=127.0.0.1:" + admin,
                    "--entrypoints.web.transport.lifecycle.requestacceptgracetimeout=2s",
                    "--entrypoints.web.transport.lifecycle.gracetimeout=10s",
                    "--ping=true",
                    "--providers.file.filename=" + dynamic);
            await().atMost(Duration.ofSeconds(60)).until(() -> ping(admin).status() == 200);
            assertThat(ping(admin).body()).isEqualTo("OK");

            Http idle = new Http(web);
            assertThat(idle.get("/").status()).isEqualTo(200);
            Http busy = new Http(web);
            busy.send("GET /slow?ms=3000 HTTP/1.1\r\nHost: a.test\r\n\r\n");
            CompletableFuture<Reply> slow = CompletableFuture.supplyAsync(busy::readUnchecked, threads);
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.requestCount("/slow") == 1);

            long sigterm = System.nanoTime();
            proxy.destroy(); // SIGTERM
            await().atMost(Duration.ofSeconds(5)).until(() -> ping(admin).status() == 503);
            long pingMillis = millisSince(sigterm);
            try (Http late = new Http(web)) {
                Reply r = late.get("/");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            }
            assertThat(idle.cleanEof()).isTrue();
            long idleMillis = millisSince(sigterm);
            Reply finished = slow.get(20, TimeUnit.SECONDS);
            assertThat(finished.status()).isEqualTo(200);
            assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
            long exitMillis = millisSince(sigterm);
            // 143 = 128 + SIGTERM: a JVM ended by the signal reports it even after its shutdown hook drained
            assertThat(proxy.exitValue()).isEqualTo(143);
            System.out.printf(
                    "proxy process: ping 503 %d ms after SIGTERM, idle keep-alive closed at %d ms, exit at %d ms"
                            + " (accept grace 2000 ms, a 3000 ms request in flight)%n",
                    pingMillis, idleMillis, exitMillis);
            assertThat(idleMillis).isBetween(1900L, 3000L);
            assertThat(exitMillis).isLessThan(4500);
            idle.close();
            busy.close();
        }
    }

    @Test
    void withoutClientsTheProcessExitsAfterTheAcceptGrace() throws Exception {
        int web = freePort();
        int admin = freePort();
        Process proxy = proxy(
                "--entrypoints.web.address=127.0.0.1:" + web,
                "--entrypoints.traefik.address=127.0.0.1:" + admin,
                "--entrypoints.web.transport.lifecycle.requestacceptgracetimeout=1s",
                "--ping=true");
        // No provider at all: ready at once, as Traefik's ping.
        await().atMost(Duration.ofSeconds(60)).until(() -> ping(admin).status() == 200);
        long sigterm = System.nanoTime();
        proxy.destroy();
        assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
        long exitMillis = millisSince(sigterm);
        System.out.printf(
                "proxy process without clients: exit %d ms after SIGTERM (accept grace 1000 ms)%n", exitMillis);
        assertThat(exitMillis).isBetween(1000L, 2500L);
    }

    @Test
    void pingWaitsForTheSwarmProvidersFirstSnapshot() throws Exception {
        if (!Files.exists(DOCKER_SOCKET)) {
            String missing = "no Docker engine at " + DOCKER_SOCKET + " (scripts/setup-machine.sh starts one)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
        int web = freePort();
        int admin = freePort();
        int docker = freePort();
        Process proxy = proxy(
                "--entrypoints.web.address=127.0.0.1:" + web,
                "--entrypoints.traefik.address=127.0.0.1:" + admin,
                "--ping=true",
                "--providers.file.filename=" + writeRoutes(null),
                "--providers.swarm.endpoint=tcp://127.0.0.1:" + docker);
        // The file is read, the Docker API does not answer yet: not ready, and /ping says why.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> ping(admin).body().equals("starting: waiting for provider swarm"));
        assertThat(ping(admin).status()).isEqualTo(503);
        // The socket proxy comes up: the swarm provider's first snapshot makes the proxy ready.
        start(List.of("socket-proxy", "--listen=127.0.0.1:" + docker, "--profile=edge"));
        long socketProxyStarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> ping(admin).status() == 200);
        System.out.printf("proxy ready %d ms after its socket proxy started%n", millisSince(socketProxyStarted));
        proxy.destroy();
        assertThat(proxy.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    private Path writeRoutes(WhoamiServer backend) throws IOException {
        Path file = dir.resolve("dynamic.yml");
        String url = backend == null ? "http://127.0.0.1:9" : backend.uri().toString();
        Files.writeString(file, """
                http:
                  routers:
                    a: {rule: "PathPrefix(`/`)", service: a}
                  services:
                    a: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(url));
        return file;
    }

    private Process proxy(String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("proxy"));
        args.addAll(List.of(flags));
        return start(args);
    }

    private Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.swarmedge.cli.Main"));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("process-" + processes.size() + ".log").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code GET /ping}; status 0 while nothing listens. */
    private static Reply ping(int port) {
        try (Http http = new Http(port)) {
            return http.get("/ping");
        } catch (IOException e) {
            return new Reply(0, "", "");
        }
    }

    private record Reply(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** HTTP/1.1 over a raw socket: exact control of keep-alive and of how the connection ends. */
    private static final class Http implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Http(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        Reply get(String path) throws IOException {
            send("GET " + path + " HTTP/1.1\r\nHost: a.test\r\n\r\n");
            return read();
        }

        Reply readUnchecked() {
            try {
                return read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** One response with a Content-Length body (what the proxy and whoami send here). */
        Reply read() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed before a response");
                }
                head.append((char) c);
            }
            String text = head.toString();
            int status = Integer.parseInt(text.split(" ")[1]);
            Reply partial = new Reply(status, text, "");
            String length = partial.header("content-length");
            byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Reply(status, text, new String(body, StandardCharsets.UTF_8));
        }

        /** EOF without a reset: the proxy closed its side the orderly way. */
        boolean cleanEof() throws IOException {
            try {
                return in.read() == -1;
            } catch (SocketException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
