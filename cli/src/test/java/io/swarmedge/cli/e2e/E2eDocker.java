package io.swarmedge.cli.e2e;

import static io.swarmedge.docker.LocalDocker.dockerResult;
import static io.swarmedge.docker.LocalDocker.exec;
import static io.swarmedge.docker.LocalDocker.lines;
import static io.swarmedge.docker.LocalDocker.removeNetwork;
import static org.assertj.core.api.Assertions.fail;

import io.swarmedge.docker.LocalDocker.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/**
 * The end-to-end tests' objects on the local engine (driven through the docker CLI with {@link
 * io.swarmedge.docker.LocalDocker}, as a user would). Every object
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

    private static boolean imageBuilt;

    private E2eDocker() {}

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
        Set<String> staleRuns = new TreeSet<>();
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
                removeNetwork(network);
            }
        }
        for (String volume :
                lines(dockerResult("volume", "ls", "--format", "{{.Name}}").out())) {
            if (volume.startsWith(prefix)) {
                dockerResult("volume", "rm", "-f", volume);
            }
        }
    }

    /** The service's logs (both streams), for assertions on what the service said. */
    static String serviceLogs(String service) {
        Result logs = dockerResult("service", "logs", "--raw", "--no-trunc", service);
        return logs.out() + logs.err();
    }

    static void log(String line) {
        System.out.println("e2e " + line);
    }
}
