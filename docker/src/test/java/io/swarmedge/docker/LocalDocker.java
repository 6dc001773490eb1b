package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The local engine for integration tests, driven through the docker CLI (what a user would type).
 * Missing Docker fails the test when {@code CI=true}, and skips it otherwise.
 */
final class LocalDocker {
    /** A 2 MB image made here from the host's {@code sleep} and its libraries: no registry needed. */
    static final String SLEEP_IMAGE = "sedtest-sleep:1";

    private LocalDocker() {}

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
    static void requireSwarm() {
        String problem;
        try {
            Result info = exec(
                    List.of("docker", "info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"));
            if (info.code != 0) {
                problem = "dockerd does not answer: " + info.err.strip();
            } else if (!info.out.strip().equals("active true")) {
                problem = "the engine is not a swarm manager (state: " + info.out.strip() + ")";
            } else {
                return;
            }
        } catch (IOException e) {
            problem = "the docker CLI cannot run: " + e.getMessage();
        }
        String message = problem + ": run scripts/setup.d/50-docker.sh (starts dockerd, initialises a swarm)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        abort(message);
    }

    /** Runs {@code docker args…}; fails the test if it exits non-zero. */
    static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Result r = exec(command);
            if (r.code != 0) {
                fail(String.join(" ", command) + " exited with " + r.code + ": " + r.err.strip());
            }
            return r.out.strip();
        } catch (IOException e) {
            return fail(String.join(" ", command) + ": " + e.getMessage());
        }
    }

    /** Runs {@code docker args…} and ignores failures (clean-up of what may already be gone). */
    static void dockerQuietly(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            exec(command);
        } catch (IOException e) {
            // clean-up only
        }
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

    /** How many of the service's tasks are running now. */
    static long runningTasks(String service) {
        return docker("service", "ps", "--filter", "desired-state=running", "--format", "{{.CurrentState}}", service)
                .lines()
                .filter(state -> state.startsWith("Running"))
                .count();
    }

    /** Removes a network, retrying while the tasks of a removed service still hold it (up to a minute). */
    static void removeNetwork(String network) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    dockerQuietly("network", "rm", network);
                    return docker("network", "ls", "-q", "--filter", "name=" + network)
                            .isBlank();
                });
    }

    /** Imports {@link #SLEEP_IMAGE} from the host's sleep binary unless it exists. */
    static void ensureSleepImage() throws IOException {
        if (exec(List.of("docker", "image", "inspect", SLEEP_IMAGE)).code == 0) {
            return;
        }
        Path root = Files.createTempDirectory("sedtest-rootfs");
        copy(Path.of("/usr/bin/sleep"), root.resolve("bin/sleep"));
        Result ldd = exec(List.of("ldd", "/usr/bin/sleep"));
        Matcher lib = Pattern.compile("(/\\S+)").matcher(ldd.out);
        while (lib.find()) {
            Path path = Path.of(lib.group(1));
            copy(path, root.resolve(path.toString().substring(1)));
        }
        Result imported = exec(List.of(
                "bash",
                "-c",
                "tar -C \"$0\" -c . | docker import -c 'CMD [\"/bin/sleep\",\"infinity\"]' - " + SLEEP_IMAGE,
                root.toString()));
        exec(List.of("rm", "-rf", root.toString()));
        if (imported.code != 0) {
            fail("cannot import " + SLEEP_IMAGE + ": " + imported.err);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING); // follows symlinks: real files in the image
        to.toFile().setExecutable(true);
    }

    private record Result(int code, String out, String err) {}

    private static Result exec(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread readOut = Thread.ofVirtual().start(() -> streams[0] = readAll(process.getInputStream()));
        Thread readErr = Thread.ofVirtual().start(() -> streams[1] = readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 120 s");
            }
            readOut.join();
            readErr.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + String.join(" ", command));
        }
        return new Result(
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
