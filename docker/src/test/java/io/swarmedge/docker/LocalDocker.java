package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The local engine for integration tests, driven through the docker CLI (what a user would type).
 * Missing Docker fails the test when {@code CI=true}, and skips it otherwise. Published in this
 * module's test-jar: the cli module's integration tests drive the engine with it too.
 */
public final class LocalDocker {
    /** A 2 MB image made here from the host's {@code sleep} and its libraries: no registry needed. */
    static final String SLEEP_IMAGE = "sedtest-sleep:1";

    /** How long one docker command may take before the test fails. */
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);

    private static final Pattern LIBRARY = Pattern.compile("(/\\S+)");

    private LocalDocker() {}

    /** What a finished command printed, and how it exited. */
    public record Result(List<String> command, int code, String out, String err) {
        public boolean ok() {
            return code == 0;
        }

        public String describe() {
            return String.join(" ", command) + " exited with " + code + ": " + (err.isBlank() ? out : err).strip();
        }
    }

    /**
     * Where the watcher under test reads: {@code $SWARMEDGE_IT_DOCKER_ENDPOINT} (e.g. a socket proxy in
     * front of the same engine), else {@code $DOCKER_HOST}, else the local socket. The docker CLI that
     * sets up the services always talks to the engine itself.
     */
    static DockerEndpoint endpoint() {
        for (String variable : new String[] {"SWARMEDGE_IT_DOCKER_ENDPOINT", "DOCKER_HOST"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return DockerEndpoint.parse(value);
            }
        }
        return DockerEndpoint.LOCAL_SOCKET;
    }

    /** Fails (CI) or skips (elsewhere) unless dockerd answers and is part of an active swarm. */
    public static void requireSwarm() {
        String problem;
        try {
            Result info = exec(
                    List.of("docker", "info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"),
                    Duration.ofSeconds(60),
                    Map.of());
            if (!info.ok()) {
                problem = "dockerd does not answer: " + info.err().strip();
            } else if (!info.out().strip().equals("active true")) {
                problem = "the engine is not a swarm manager (state: "
                        + info.out().strip() + ")";
            } else {
                return;
            }
        } catch (UncheckedIOException e) {
            problem = "the docker CLI cannot run: " + e.getMessage();
        }
        String message = problem + ": run scripts/setup.d/50-docker.sh (starts dockerd, initialises a swarm)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        abort(message);
    }

    /** Runs {@code docker args…}; fails the test if it exits non-zero. Returns stdout, stripped. */
    public static String docker(String... args) {
        return docker(Map.of(), args);
    }

    /** Runs {@code docker args…} with extra environment (stack files read {@code ${VARIABLES}}). */
    public static String docker(Map<String, String> environment, String... args) {
        Result r = exec(dockerCommand(args), COMMAND_LIMIT, environment);
        if (!r.ok()) {
            fail(r.describe());
        }
        return r.out().strip();
    }

    /** Runs {@code docker args…} and returns the result whatever the exit code. */
    public static Result dockerResult(String... args) {
        return exec(dockerCommand(args), COMMAND_LIMIT, Map.of());
    }

    /** Runs {@code docker args…} and ignores failures (clean-up of what may already be gone). */
    public static void dockerQuietly(String... args) {
        try {
            dockerResult(args);
        } catch (UncheckedIOException e) {
            // clean-up only
        }
    }

    private static List<String> dockerCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return command;
    }

    /** Lines of stdout, blank ones dropped. */
    public static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * Creates (detached) a service of {@link #SLEEP_IMAGE} on {@code network} as the test stacks run
     * one here: DNS round-robin (no IPVS in this kernel), an init, a 1 s stop grace period; {@code
     * options} (labels, replicas) come before the image.
     */
    static void createSleepService(String name, String network, String... options) {
        List<String> args = new ArrayList<>(List.of(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                name,
                "--network",
                network,
                "--endpoint-mode",
                "dnsrr",
                "--init",
                "--stop-grace-period",
                "1s"));
        args.addAll(List.of(options));
        args.add(SLEEP_IMAGE);
        docker(args.toArray(String[]::new));
    }

    /**
     * Replaces every task of {@code service} ({@code docker service update --force}, with {@code options}
     * such as {@code --update-order stop-first}) and returns once the update has completed.
     */
    public static void replaceTasks(String service, String... options) {
        List<String> args = new ArrayList<>(List.of("service", "update", "--detach=false", "--quiet", "--force"));
        args.addAll(List.of(options));
        args.add(service);
        docker(args.toArray(String[]::new));
    }

    /** Number of tasks of {@code service} that run (current state) and are meant to run; 0 if it is unknown. */
    public static long runningTasks(String service) {
        Result ps = dockerResult(
                "service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", service);
        return ps.ok()
                ? lines(ps.out()).stream().filter(s -> s.startsWith("Running")).count()
                : 0;
    }

    /** Removes a network, retrying while the tasks of a removed service still hold it (up to a minute). */
    public static void removeNetwork(String network) {
        Awaitility.await("network " + network + " removed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    dockerQuietly("network", "rm", network);
                    return !dockerResult("network", "inspect", network).ok();
                });
    }

    /** Imports {@link #SLEEP_IMAGE} from the host's sleep binary unless it exists. */
    static void ensureSleepImage() throws IOException {
        if (dockerResult("image", "inspect", SLEEP_IMAGE).ok()) {
            return;
        }
        Path root = Files.createTempDirectory("sedtest-rootfs");
        try {
            copyWithLibraries(Path.of("/usr/bin/sleep"), root, "bin/sleep");
            importImage(root, SLEEP_IMAGE, "CMD [\"/bin/sleep\",\"infinity\"]");
        } finally {
            exec(List.of("rm", "-rf", root.toString()), COMMAND_LIMIT, Map.of());
        }
    }

    /**
     * Copies {@code binary} to {@code rootfs/target} and the shared libraries {@code ldd} names for
     * it to the same paths under {@code rootfs} (symlinks followed: real files in the image).
     */
    public static void copyWithLibraries(Path binary, Path rootfs, String target) throws IOException {
        copy(binary, rootfs.resolve(target));
        Matcher lib = LIBRARY.matcher(
                exec(List.of("ldd", binary.toString()), COMMAND_LIMIT, Map.of()).out());
        while (lib.find()) {
            Path path = Path.of(lib.group(1));
            if (Files.isRegularFile(path)) {
                copy(path, rootfs.resolve(path.toString().substring(1)));
            }
        }
    }

    /** Imports the directory {@code rootfs} as image {@code tag} with Dockerfile {@code changes}; fails if it cannot. */
    public static void importImage(Path rootfs, String tag, String... changes) {
        StringBuilder script = new StringBuilder("tar -C \"$0\" -c . | docker import");
        for (String change : changes) {
            script.append(" -c '").append(change).append('\'');
        }
        script.append(" - ").append(tag);
        Result imported = exec(List.of("bash", "-c", script.toString(), rootfs.toString()), COMMAND_LIMIT, Map.of());
        if (!imported.ok()) {
            fail("cannot import " + tag + ": " + imported.err());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING); // follows symlinks: real files in the image
        to.toFile().setExecutable(true);
    }

    /**
     * Runs {@code command} with extra {@code environment}, failing the test if it takes longer than
     * {@code limit} (the command and its children are then killed).
     *
     * @throws UncheckedIOException if it cannot start or the wait is interrupted
     */
    public static Result exec(List<String> command, Duration limit, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        byte[][] streams = new byte[2][];
        Thread out = Thread.ofVirtual().start(() -> streams[0] = readAll(process.getInputStream()));
        Thread err = Thread.ofVirtual().start(() -> streams[1] = readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroyForcibly();
            throw new UncheckedIOException(new InterruptedIOException("interrupted: " + String.join(" ", command)));
        }
        return new Result(
                List.copyOf(command),
                process.exitValue(),
                new String(streams[0], StandardCharsets.UTF_8),
                new String(streams[1], StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
