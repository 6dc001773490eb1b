package io.swarmedge.cli.e2e;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The local engine for the end-to-end tests, driven through the docker CLI as a user would. A
 * missing engine or swarm fails the test when {@code CI=true} and skips it otherwise. Every object
 * a test creates is named with {@link #PREFIX} so that a run cleans up what an aborted run left.
 */
final class E2eDocker {
    /** Stacks, services, networks and volumes of these tests are named {@code e2etest-…}. */
    static final String PREFIX = "e2etest-";

    /**
     * This test JVM's own prefix, {@code e2etest-<id>-}: other agents may run these tests from the
     * same tree at the same time, and must not remove each other's stacks.
     */
    static final String RUN =
            PREFIX + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36) + "-";

    /** Objects of other runs older than this are leftovers of an aborted run: removed. */
    private static final Duration STALE = Duration.ofMinutes(30);

    /** The image tag built once per run by scripts/build-images.sh (the tree's jar). */
    static final String IMAGE = "swarmedge:e2etest";

    /** The repository root (tests run in cli/). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);
    private static boolean imageBuilt;

    private E2eDocker() {}

    /** What a finished command printed, and how it exited. */
    record Result(List<String> command, int code, String out, String err) {
        boolean ok() {
            return code == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited with " + code + ": " + (err.isBlank() ? out : err).strip();
        }
    }

    /** Fails (CI) or skips (elsewhere) unless dockerd answers and this node manages a swarm. */
    static void requireSwarm() {
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

    /**
     * Builds {@link #IMAGE} from this tree once per test JVM with scripts/build-images.sh: the
     * base images are cached, the last layer is the jar {@code package} just made.
     */
    static synchronized void ensureImage() {
        if (imageBuilt) {
            return;
        }
        long started = System.nanoTime();
        Result build = exec(
                List.of("bash", ROOT.resolve("scripts/build-images.sh").toString(), "--quiet"),
                Duration.ofMinutes(20),
                Map.of("SWARMEDGE_IMAGE_TAG", "e2etest", "JAVA_HOME", javaHome()));
        if (!build.ok()) {
            fail("cannot build " + IMAGE + ": " + build.describe());
        }
        imageBuilt = true;
        log("image=" + IMAGE + " built_in_s=" + (System.nanoTime() - started) / 1_000_000_000 + " run=" + RUN);
        removeStale();
    }

    /** Removes what aborted runs left: {@code e2etest-<id>-…} services and networks older than {@link #STALE}. */
    private static void removeStale() {
        long now = System.currentTimeMillis() / 1000;
        java.util.Set<String> staleRuns = new java.util.TreeSet<>();
        for (String kind : List.of("service", "network")) {
            List<String> names = lines(
                            dockerResult(kind, "ls", "--format", "{{.Name}}").out())
                    .stream()
                    .filter(n -> n.startsWith(PREFIX) && !n.startsWith(RUN))
                    .toList();
            for (String name : names) {
                String created = dockerResult(
                                kind,
                                "inspect",
                                "--format",
                                kind.equals("service") ? "{{.CreatedAt.Unix}}" : "{{.Created.Unix}}",
                                name)
                        .out()
                        .strip();
                if (created.matches("\\d+") && now - Long.parseLong(created) > STALE.toSeconds()) {
                    int end = name.indexOf('-', PREFIX.length());
                    staleRuns.add(end < 0 ? name : name.substring(0, end + 1));
                }
            }
        }
        staleRuns.forEach(prefix -> {
            log("removing leftovers of an aborted run: " + prefix + "*");
            removeAll(prefix);
        });
    }

    private static String javaHome() {
        String home = System.getenv("JAVA_HOME");
        return home == null || home.isBlank() ? "/usr/lib/jvm/temurin-25-jdk-amd64" : home;
    }

    /** Runs {@code docker args…}; fails the test if it exits non-zero. Returns stdout, stripped. */
    static String docker(String... args) {
        Result r = dockerResult(args);
        if (!r.ok()) {
            fail(r.describe());
        }
        return r.out().strip();
    }

    /** Runs {@code docker args…} with extra environment (stack files read {@code ${VARIABLES}}). */
    static String docker(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        Result r = exec(command, COMMAND_LIMIT, environment);
        if (!r.ok()) {
            fail(r.describe());
        }
        return r.out().strip();
    }

    /** Runs {@code docker args…} and returns the result whatever the exit code. */
    static Result dockerResult(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        return exec(command, COMMAND_LIMIT, Map.of());
    }

    /** Lines of stdout, blank ones dropped. */
    static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** A TCP port free on this host right now, for a host-mode published port (never 80/443/8080). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes every stack, service, network and volume whose name starts with {@code prefix}
     * (which must start with {@link #PREFIX}), waiting for their containers to be gone first:
     * Docker refuses to remove a network or volume still in use.
     */
    static void removeAll(String prefix) {
        if (!prefix.startsWith(PREFIX)) {
            throw new IllegalArgumentException("refusing to remove objects outside " + PREFIX + ": " + prefix);
        }
        for (String stack :
                lines(dockerResult("stack", "ls", "--format", "{{.Name}}").out())) {
            if (stack.startsWith(prefix)) {
                dockerResult("stack", "rm", stack);
            }
        }
        List<String> services = lines(
                        dockerResult("service", "ls", "--format", "{{.Name}}").out())
                .stream()
                .filter(s -> s.startsWith(prefix))
                .toList();
        if (!services.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("service", "rm"));
            rm.addAll(services);
            dockerResult(rm.toArray(String[]::new));
        }
        Awaitility.await("containers of " + prefix + "* gone")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> lines(dockerResult("ps", "-a", "--format", "{{.Names}}")
                                .out())
                        .stream()
                        .noneMatch(n -> n.startsWith(prefix)));
        for (String network :
                lines(dockerResult("network", "ls", "--format", "{{.Name}}").out())) {
            if (network.startsWith(prefix)) {
                Awaitility.await("network " + network + " removed")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            dockerResult("network", "rm", network);
                            return !dockerResult("network", "inspect", network).ok();
                        });
            }
        }
        for (String volume :
                lines(dockerResult("volume", "ls", "--format", "{{.Name}}").out())) {
            if (volume.startsWith(prefix)) {
                dockerResult("volume", "rm", "-f", volume);
            }
        }
    }

    /** Number of tasks of {@code service} that run (current state) and are meant to run. */
    static long runningTasks(String service) {
        Result ps = dockerResult(
                "service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", service);
        return ps.ok()
                ? lines(ps.out()).stream().filter(s -> s.startsWith("Running")).count()
                : 0;
    }

    /** The service's logs (both streams), for assertions on what the service said. */
    static String serviceLogs(String service) {
        Result logs = dockerResult("service", "logs", "--raw", "--no-trunc", service);
        return logs.out() + logs.err();
    }

    static void log(String line) {
        System.out.println("e2e " + line);
    }

    static Result exec(List<String> command, Duration limit, Map<String, String> environment) {
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
