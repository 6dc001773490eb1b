package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local engine for the doctor's integration test, driven through the docker CLI. A missing
 * engine or swarm fails the test when {@code CI=true} and skips it otherwise. Everything the test
 * creates is named {@code doctortest-<id>-…}, so that parallel runs never touch each other's objects.
 */
final class DoctorDocker {
    /** This run's prefix. */
    static final String RUN =
            "doctortest-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36) + "-";

    /**
     * A 2 MB image made here from the host's dash, rm and sleep and their libraries (no registry):
     * {@code proxy}, {@code socket-proxy} and {@code vip} are scripts that sleep, so services started
     * with swarmedge's role words run, and {@code sh} exists for the volume write test.
     */
    static final String IMAGE = "doctortest-roles:1";

    private DoctorDocker() {}

    /** Fails (CI) or skips (elsewhere) unless dockerd answers and this node manages a swarm. */
    static void requireSwarm() {
        String problem;
        try {
            Result info = exec(
                    List.of("docker", "info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}"));
            if (info.code() != 0) {
                problem = "dockerd does not answer: " + info.err().strip();
            } else if (!info.out().strip().equals("active true")) {
                problem = "the engine is not a swarm manager (state: "
                        + info.out().strip() + ")";
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
            if (r.code() != 0) {
                fail(String.join(" ", command) + " exited with " + r.code() + ": "
                        + r.err().strip());
            }
            return r.out().strip();
        } catch (IOException e) {
            return fail(String.join(" ", command) + ": " + e.getMessage());
        }
    }

    /** Removes this run's services, then its networks, configs and volumes (whatever is left). */
    static void removeAll() {
        for (String kind : List.of("service", "network", "config")) {
            String names = quietly("docker", kind, "ls", "--format", "{{.Name}}", "--filter", "name=" + RUN);
            for (String name : names.lines().filter(n -> n.startsWith(RUN)).toList()) {
                quietly("docker", kind, "rm", name);
            }
        }
        // volumes go once the containers using them are gone (a few seconds after the services)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String volumes = quietly("docker", "volume", "ls", "-q", "--filter", "name=" + RUN);
            List<String> left = volumes.lines().filter(n -> n.startsWith(RUN)).toList();
            if (left.isEmpty()) {
                return;
            }
            left.forEach(v -> quietly("docker", "volume", "rm", v));
            try {
                Thread.sleep(500); // clean-up retries, not a test condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Imports {@link #IMAGE} unless it exists. */
    static synchronized void ensureImage() throws IOException {
        if (exec(List.of("docker", "image", "inspect", IMAGE)).code() == 0) {
            return;
        }
        Path root = Files.createTempDirectory("doctortest-rootfs");
        try {
            for (String binary : List.of("/bin/dash", "/usr/bin/rm", "/usr/bin/sleep")) {
                Path real = Path.of(binary).toRealPath();
                copy(real, root.resolve("bin/" + real.getFileName()));
                Matcher lib = Pattern.compile("(/\\S+)")
                        .matcher(exec(List.of("ldd", real.toString())).out());
                while (lib.find()) {
                    Path path = Path.of(lib.group(1));
                    if (Files.isRegularFile(path)) {
                        copy(path, root.resolve(path.toString().substring(1)));
                    }
                }
            }
            Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("dash"));
            for (String role : List.of("proxy", "socket-proxy", "vip")) {
                Path script = root.resolve("bin/" + role);
                Files.writeString(script, "#!/bin/sh\nexec sleep 2147483647\n");
                script.toFile().setExecutable(true);
            }
            Files.createDirectories(root.resolve("tmp"));
            Result imported = exec(List.of(
                    "bash",
                    "-c",
                    "tar -C \"$0\" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD [\"/bin/sleep\",\"2147483647\"]' - "
                            + IMAGE,
                    root.toString()));
            if (imported.code() != 0) {
                fail("cannot import " + IMAGE + ": " + imported.err());
            }
        } finally {
            exec(List.of("rm", "-rf", root.toString()));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        to.toFile().setExecutable(true);
    }

    private static String quietly(String... command) {
        try {
            return exec(List.of(command)).out();
        } catch (IOException e) {
            return "";
        }
    }

    record Result(int code, String out, String err) {}

    static Result exec(List<String> command) throws IOException {
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
