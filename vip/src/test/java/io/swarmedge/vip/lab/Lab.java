package io.swarmedge.vip.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away network: a switch namespace with a bridge, node namespaces each wired to it by a
 * veth pair, a TCP listener per node answering its name, and a client namespace. Namespace names
 * carry a random prefix so parallel runs never meet. Test setup uses {@code ip}; the daemon never does.
 */
public final class Lab implements AutoCloseable {
    public static final int PORT = 7000;
    public static final String VIP4 = "10.77.0.100";
    public static final String VIP6 = "fd77::100";

    private final String prefix =
            "sevip-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(), 6);
    private final Path dir;
    private final List<String> namespaces = new ArrayList<>();
    private final Map<String, Integer> nodes = new LinkedHashMap<>();
    private final Map<String, List<Process>> processes = new LinkedHashMap<>();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Prober> probers = new ArrayList<>();
    private final Thread cleanup = new Thread(this::close, "lab-cleanup");

    public Lab(Path logDirectory) throws IOException {
        this.dir = Files.createDirectories(logDirectory.resolve(prefix));
        Runtime.getRuntime().addShutdownHook(cleanup);
        ns("sw");
        ip("-n", netns("sw"), "link", "add", "br0", "type", "bridge");
        ip("-n", netns("sw"), "link", "set", "br0", "up");
    }

    /** Why the lab cannot run here, if it cannot (not root, tools missing). */
    public static Optional<String> missingPrerequisite(boolean needKeepalived) {
        return missingPrerequisite(needKeepalived ? List.of("keepalived") : List.of());
    }

    /** As above, with extra programs the test needs besides ip and nft. */
    public static Optional<String> missingPrerequisite(List<String> extraTools) {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            if (!status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"))) {
                return Optional.of("the vip lab needs root (network namespaces, raw sockets)");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status");
        }
        List<String> tools = new ArrayList<>(List.of("ip", "nft"));
        tools.addAll(extraTools);
        for (String tool : tools) {
            boolean found = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin").stream()
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                return Optional.of("the vip lab needs " + tool + " (scripts/packages/vip.txt)");
            }
        }
        return Optional.empty();
    }

    public Path dir() {
        return dir;
    }

    public String netns(String node) {
        return prefix + "-" + node;
    }

    /** Adds a node with addresses 10.77.0.N/24 and fd77::N/64 on its eth0, and a listener on PORT. */
    public void addNode(String node, int n) throws IOException {
        ns(node);
        nodes.put(node, n);
        String ns = netns(node);
        ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "p" + n, "netns", netns("sw"));
        ip("-n", netns("sw"), "link", "set", "p" + n, "master", "br0", "up");
        sysctl(ns, "net.ipv6.conf.all.accept_dad=0");
        sysctl(ns, "net.ipv6.conf.default.accept_dad=0");
        sysctl(ns, "net.ipv6.conf.all.keep_addr_on_down=1");
        sysctl(ns, "net.ipv6.conf.default.keep_addr_on_down=1");
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "addr", "add", "10.77.0." + n + "/24", "dev", "eth0");
        ip("-n", ns, "addr", "add", "fd77::" + n + "/64", "dev", "eth0", "nodad");
        ip("-n", ns, "link", "set", "eth0", "up");
        if (!node.equals("client")) {
            listen(node);
        }
    }

    private void listen(String node) {
        ServerSocket[] holder = new ServerSocket[1];
        Thread t = NetnsThreads.start(netns(node), "listener-" + node, () -> {
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.ofLiteral("::"), PORT), 64);
                synchronized (holder) {
                    holder[0] = server;
                    holder.notifyAll();
                }
                while (!server.isClosed()) {
                    try (Socket s = server.accept();
                            OutputStream out = s.getOutputStream()) {
                        out.write((node + "\n").getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // closed, or the client went away
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        synchronized (holder) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (holder[0] == null && t.isAlive() && System.currentTimeMillis() < deadline) {
                try {
                    holder.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (holder[0] != null) {
                listeners.add(holder[0]);
            }
        }
    }

    /** A client in its own namespace that keeps connecting to {@code vip}:PORT. */
    public Prober probe(String vip) throws IOException {
        if (!nodes.containsKey("client")) {
            addNode("client", 200);
        }
        Prober p = new Prober(netns("client"), new InetSocketAddress(InetAddress.ofLiteral(vip), PORT));
        probers.add(p);
        return p;
    }

    /** Starts swarmedge vip (this module's main) in a node with the given option and file. */
    public Process startVip(String node, String option, Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                netns(node),
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Dlogback.configurationFile=" + logbackConfig(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.swarmedge.vip.daemon.VipMain",
                option,
                config.toString()));
        return start(node, "vip", command);
    }

    /** Starts Debian's keepalived in a node, in the foreground, with pid files in the lab dir. */
    public Process startKeepalived(String node, Path config) throws IOException {
        Path run = Files.createDirectories(dir.resolve("keepalived-" + node));
        // A SIGKILLed keepalived leaves pid files naming processes that may linger as zombies;
        // keepalived would then refuse to start ("daemon is already running").
        for (String pid : List.of("keepalived.pid", "vrrp.pid", "checkers.pid")) {
            Files.deleteIfExists(run.resolve(pid));
        }
        List<String> command = List.of(
                "ip",
                "netns",
                "exec",
                netns(node),
                "keepalived",
                "-n",
                "-l",
                "-D",
                "--vrrp",
                "-f",
                config.toString(),
                "-p",
                run.resolve("keepalived.pid").toString(),
                "-r",
                run.resolve("vrrp.pid").toString(),
                "-c",
                run.resolve("checkers.pid").toString());
        return start(node, "keepalived", command);
    }

    private Process start(String node, String what, List<String> command) throws IOException {
        Path log = dir.resolve(node + "-" + what + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.computeIfAbsent(node, k -> new ArrayList<>()).add(p);
        return p;
    }

    /**
     * Simulates the node dying: cut its link first (so not even a goodbye advertisement gets out),
     * then SIGKILL its daemons. Returns the moment of death, {@link System#nanoTime()}.
     */
    public long crash(String node) throws IOException {
        long when = System.nanoTime();
        ip("-n", netns(node), "link", "set", "eth0", "down");
        killAll(node);
        return when;
    }

    /** Brings a crashed node's link back (its daemon is started separately). */
    public void revive(String node) throws IOException {
        ip("-n", netns(node), "link", "set", "eth0", "up");
    }

    /** SIGKILLs every daemon in a node. */
    public void killAll(String node) {
        for (Process p : processes.getOrDefault(node, List.of())) {
            // Parent first: keepalived respawns a killed VRRP child, which would then outlive the test.
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        for (Process p : processes.getOrDefault(node, List.of())) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.remove(node);
    }

    /** SIGTERMs a node's daemons and waits for them: a graceful stop. */
    public void stop(String node) {
        for (Process p : processes.getOrDefault(node, List.of())) {
            p.destroy();
        }
        for (Process p : processes.getOrDefault(node, List.of())) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.remove(node);
    }

    /** The nodes (among those given) whose eth0 holds {@code address}. */
    public List<String> holders(String address, String... among) throws IOException {
        List<String> result = new ArrayList<>();
        for (String node : among) {
            String out = ipOutput("-n", netns(node), "-o", "addr", "show", "dev", "eth0");
            if (out.contains(" " + address + "/")) {
                result.add(node);
            }
        }
        return result;
    }

    /** Runs {@code ip ARGS} inside a node's namespace (test setup only). */
    public void ipIn(String node, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-n", netns(node)));
        command.addAll(List.of(args));
        ip(command.toArray(String[]::new));
    }

    /** The output of {@code ip ARGS} inside a node's namespace. */
    public String ipOutputIn(String node, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-n", netns(node)));
        command.addAll(List.of(args));
        return ipOutput(command.toArray(String[]::new));
    }

    /** Runs nft inside a node (e.g. to drop VRRP and split the brain). */
    public void nft(String node, String script) throws IOException {
        run(List.of("ip", "netns", "exec", netns(node), "nft", script));
    }

    public String log(String node, String what) {
        try {
            return Files.readString(dir.resolve(node + "-" + what + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    private Path logbackConfig() throws IOException {
        Path file = dir.resolve("logback.xml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
        }
        return file;
    }

    private void ns(String node) throws IOException {
        String name = netns(node);
        ip("netns", "add", name);
        namespaces.add(name);
    }

    private void sysctl(String ns, String setting) throws IOException {
        run(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", setting));
    }

    private void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        run(command);
    }

    private String ipOutput(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.trim());
        }
        return out;
    }

    /** Stops every process, listener and probe, and deletes every namespace; safe to call twice. */
    @Override
    public synchronized void close() {
        probers.forEach(Prober::close);
        probers.clear();
        for (String node : new ArrayList<>(processes.keySet())) {
            killAll(node);
        }
        for (ServerSocket s : listeners) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        listeners.clear();
        for (String ns : namespaces.reversed()) {
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException ignored) {
                // already gone
            }
        }
        namespaces.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
