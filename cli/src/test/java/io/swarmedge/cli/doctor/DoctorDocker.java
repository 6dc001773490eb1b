package io.swarmedge.cli.doctor;

import static io.swarmedge.docker.LocalDocker.copyWithLibraries;
import static io.swarmedge.docker.LocalDocker.dockerQuietly;
import static io.swarmedge.docker.LocalDocker.dockerResult;
import static io.swarmedge.docker.LocalDocker.exec;
import static io.swarmedge.docker.LocalDocker.importImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The doctor integration test's objects on the local engine (driven with {@link
 * io.swarmedge.docker.LocalDocker}). Everything the test creates is named {@code doctortest-<id>-…}, so that parallel runs never touch each other's objects.
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

    /** Removes this run's services, then its networks, configs and volumes (whatever is left). */
    static void removeAll() {
        for (String kind : List.of("service", "network", "config")) {
            String names = dockerResult(kind, "ls", "--format", "{{.Name}}", "--filter", "name=" + RUN)
                    .out();
            for (String name : names.lines().filter(n -> n.startsWith(RUN)).toList()) {
                dockerQuietly(kind, "rm", name);
            }
        }
        // volumes go once the containers using them are gone (a few seconds after the services)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String volumes = dockerResult("volume", "ls", "-q", "--filter", "name=" + RUN)
                    .out();
            List<String> left = volumes.lines().filter(n -> n.startsWith(RUN)).toList();
            if (left.isEmpty()) {
                return;
            }
            left.forEach(v -> dockerQuietly("volume", "rm", v));
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
        if (dockerResult("image", "inspect", IMAGE).ok()) {
            return;
        }
        Path root = Files.createTempDirectory("doctortest-rootfs");
        try {
            for (String binary : List.of("/bin/dash", "/usr/bin/rm", "/usr/bin/sleep")) {
                Path real = Path.of(binary).toRealPath();
                copyWithLibraries(real, root, "bin/" + real.getFileName());
            }
            Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("dash"));
            for (String role : List.of("proxy", "socket-proxy", "vip")) {
                Path script = root.resolve("bin/" + role);
                Files.writeString(script, "#!/bin/sh\nexec sleep 2147483647\n");
                script.toFile().setExecutable(true);
            }
            Files.createDirectories(root.resolve("tmp"));
            importImage(root, IMAGE, "ENV PATH=/bin", "CMD [\"/bin/sleep\",\"2147483647\"]");
        } finally {
            exec(List.of("rm", "-rf", root.toString()), Duration.ofMinutes(1), Map.of());
        }
    }
}
