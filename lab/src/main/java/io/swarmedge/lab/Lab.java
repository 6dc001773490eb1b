package io.swarmedge.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The three-node swarm lab, driven through {@code lab/lab.sh}: bring it up, read its status, run
 * commands on its nodes, find the node that holds the VIP, tear it down.
 *
 * <pre>{@code
 * Lab lab = Lab.locate();
 * LabStatus status = lab.up(Arrangement.SWARMEDGE);
 * lab.docker(lab.vipHolder().orElseThrow(), "node", "ls");
 * lab.down();
 * }</pre>
 *
 * <p>Only one lab runs on a machine at a time (fixed network and container names): callers
 * serialise. Every call has a timeout; a command that exceeds it is killed with its children.
 */
public final class Lab {
    /** Cold start builds the node image with debootstrap (minutes on a busy machine). */
    public static final Duration UP_TIMEOUT = Duration.ofMinutes(15);

    public static final Duration QUICK = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;

    private Lab(Path script) {
        this.script = script;
    }

    /** The lab whose script is at {@code script} (a {@code lab.sh}). */
    public static Lab at(Path script) {
        if (!Files.isExecutable(script)) {
            throw new LabException(script + " is not an executable lab script");
        }
        return new Lab(script.toAbsolutePath());
    }

    /**
     * The lab of this source tree: {@code lab/lab.sh} under the system property {@code swarmedge.home},
     * or under the working directory or one of its parents (tests run in a module directory).
     */
    public static Lab locate() {
        String home = System.getProperty("swarmedge.home", "");
        if (!home.isEmpty()) {
            return at(Path.of(home, "lab", "lab.sh"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("lab").resolve("lab.sh");
            if (Files.isExecutable(candidate)) {
                return new Lab(candidate);
            }
            if (dir.getFileName() != null
                    && dir.getFileName().toString().equals("lab")
                    && Files.isExecutable(dir.resolve("lab.sh"))) {
                return new Lab(dir.resolve("lab.sh"));
            }
        }
        throw new LabException("lab/lab.sh not found above " + Path.of("").toAbsolutePath()
                + " (set -Dswarmedge.home to the source tree)");
    }

    /** Whether a Docker engine answers the {@code docker} CLI on this machine. */
    public static boolean dockerAnswers() {
        try {
            return run(List.of("docker", "version", "--format", "{{.Server.Version}}"), Duration.ofSeconds(20), false)
                    .ok();
        } catch (LabException e) {
            return false;
        }
    }

    /** The script this lab runs. */
    public Path script() {
        return script;
    }

    /**
     * Starts the lab afresh (an existing one is torn down first) with {@code arrangement} holding the
     * VIP; lab.sh's progress goes to this process's stderr. Returns the status once it is up; parts of
     * the stack that do not run yet are in the status, not an error.
     */
    public LabStatus up(Arrangement arrangement) {
        return up(arrangement, false);
    }

    /**
     * Like {@link #up(Arrangement)}; with {@code buildImages} the project's images are rebuilt first
     * ({@code lab.sh up --build}: {@code scripts/build-images.sh} from {@code cli/target/swarmedge.jar}),
     * so the lab runs the code of this build rather than an image left from an earlier one.
     */
    public LabStatus up(Arrangement arrangement, boolean buildImages) {
        List<String> args = new ArrayList<>(List.of("up", "--recreate", "--arrangement", arrangement.scriptName()));
        if (buildImages) {
            args.add("--build");
        }
        script(args.toArray(String[]::new)).withTimeout(UP_TIMEOUT).run().orThrow();
        return status();
    }

    /**
     * Whether the tests should rebuild the project's images before the lab starts: {@code -Dlab.build},
     * true unless set to false, so a {@code verify} never drills an image left from an older build.
     */
    public static boolean buildRequested() {
        return Boolean.parseBoolean(System.getProperty("lab.build", "true"));
    }

    /** Removes the lab's containers, volumes and network (the node image stays, as a cache). */
    public void down() {
        script("down").withTimeout(Duration.ofMinutes(2)).run().orThrow();
    }

    /** The lab's state now. */
    public LabStatus status() {
        CommandResult result = script("status", "--json")
                .withTimeout(Duration.ofMinutes(2))
                .run()
                .orThrow();
        try {
            return JSON.readValue(result.stdout(), LabStatus.class);
        } catch (IOException e) {
            throw new LabException("lab.sh status --json printed what is not its JSON: " + result.stdout(), e);
        }
    }

    /** Switches who holds the VIP without restarting the lab. */
    public void arrangement(Arrangement arrangement) {
        script("arrangement", arrangement.scriptName())
                .withTimeout(Duration.ofMinutes(2))
                .run()
                .orThrow();
    }

    /** {@code docker kill} of a node container: the node dies like on a power loss. */
    public void killNode(String node) {
        script("kill", node).withTimeout(QUICK).run().orThrow();
    }

    /**
     * Starts a stopped node and returns once the swarm sees it Ready and as a reachable manager (the
     * node is restarted once when it is not Ready 30 s after its start, a known Swarm hiccup).
     */
    public void startNode(String node) {
        script("start", node).withTimeout(Duration.ofMinutes(3)).run().orThrow();
    }

    /** Cuts {@code node} off the lab network (nftables in the node drops all traffic on its eth0). */
    public void partition(String node) {
        script("partition", node).withTimeout(QUICK).run().orThrow();
    }

    /** Undoes {@link #partition(String)}. */
    public void heal(String node) {
        script("heal", node).withTimeout(QUICK).run().orThrow();
    }

    /** The node holding the VIP, when exactly one does. */
    public Optional<String> vipHolder() {
        List<String> holders = status().vipHolders();
        return holders.size() == 1 ? Optional.of(holders.getFirst()) : Optional.empty();
    }

    /** Runs {@code command} in node {@code node} ({@code docker exec}); the result may be a failure. */
    public CommandResult exec(String node, Duration timeout, String... command) {
        List<String> argv = new ArrayList<>(List.of("docker", "exec", node));
        argv.addAll(List.of(command));
        return run(argv, timeout, false);
    }

    /** Runs the docker CLI of node {@code node} against its own engine, e.g. {@code docker(n, "node", "ls")}. */
    public CommandResult docker(String node, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        return exec(node, QUICK, command);
    }

    /** Runs this machine's docker CLI (e.g. {@code kill}/{@code start} of a node container). */
    public CommandResult hostDocker(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return run(argv, timeout, false);
    }

    private Invocation script(String... args) {
        List<String> argv = new ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        return new Invocation(argv, QUICK);
    }

    private record Invocation(List<String> argv, Duration timeout) {
        Invocation withTimeout(Duration timeout) {
            return new Invocation(argv, timeout);
        }

        CommandResult run() {
            return Lab.run(argv, timeout, true);
        }
    }

    /** Runs {@code argv}; stderr goes to ours when {@code showProgress}, else it is captured. */
    static CommandResult run(List<String> argv, Duration timeout, boolean showProgress) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (showProgress) {
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LabException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr =
                showProgress ? CompletableFuture.completedFuture("") : drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LabException(String.join(" ", argv) + " did not finish within " + timeout);
            }
            return new CommandResult(
                    argv, process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", argv), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LabException("cannot read the output of " + String.join(" ", argv), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }
}
