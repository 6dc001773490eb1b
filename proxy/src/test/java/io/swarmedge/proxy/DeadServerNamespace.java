package io.swarmedge.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace reached from the test's namespace over a veth pair, standing in for a swarm
 * node: it can serve HTTP (a small keep-alive server) and then "die" — an nftables rule drops every
 * packet, so SYNs and data vanish without an answer, as when a node's container is killed. Names and
 * addresses carry a random part so parallel runs never meet; {@link #close} removes everything.
 */
final class DeadServerNamespace implements AutoCloseable {
    static final int PORT = 8080;
    private static final String PYTHON = "/usr/bin/python3";
    /** HTTP/1.1 keep-alive answers with the namespace's name, so a test sees who served it. */
    private static final String SERVER = """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    # one write, as most servers do: a response is received whole or not at all
                    body = b"Hostname: vanishing\\n"
                    head = b"HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body)
                    self.wfile.write(head + body)
                def log_message(self, *a):
                    pass
            http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), H).serve_forever()
            """;

    private final String name;
    private final String hostSide;
    private final String address;
    private final String gateway;
    private final List<Process> processes = new ArrayList<>();

    DeadServerNamespace() throws IOException, InterruptedException {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
        int net = 1 + ThreadLocalRandom.current().nextInt(250);
        name = "seh6-" + id;
        hostSide = "seh6" + id.substring(0, 6);
        gateway = "10.254." + net + ".1";
        address = "10.254." + net + ".2";
        run("ip", "netns", "add", name);
        try {
            run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", name);
            run("ip", "addr", "add", gateway + "/30", "dev", hostSide);
            run("ip", "link", "set", hostSide, "up");
            run("ip", "-n", name, "addr", "add", address + "/30", "dev", "eth0");
            run("ip", "-n", name, "link", "set", "eth0", "up");
            run("ip", "-n", name, "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Why these namespaces cannot be made here, if they cannot. */
    static Optional<String> missingPrerequisite() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            if (status.lines().noneMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"))) {
                return Optional.of("network namespaces need root");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status");
        }
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", PYTHON)) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing");
            }
        }
        return Optional.empty();
    }

    /** The namespace's address: reachable until {@link #die}. */
    String address() {
        return address;
    }

    /** Starts the HTTP server on {@link #PORT} and waits until it accepts connections. */
    void serve() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", name, PYTHON, "-c", SERVER, address, "" + PORT)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(address, PORT), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("the server in " + name + " did not start");
    }

    /** From now on every packet to or from the namespace vanishes: no RST, no ICMP. */
    void die() throws IOException, InterruptedException {
        run(
                "ip",
                "netns",
                "exec",
                name,
                "nft",
                "add table inet dead; "
                        + "add chain inet dead in { type filter hook input priority -300; policy drop; }; "
                        + "add chain inet dead out { type filter hook output priority -300; policy drop; }");
    }

    @Override
    public void close() {
        processes.forEach(p -> {
            p.destroy();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        });
        try {
            run("ip", "netns", "del", name); // takes the veth pair with it
        } catch (IOException | InterruptedException | RuntimeException e) {
            // best effort: the namespace may not exist
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
