package io.swarmedge.cli.e2e;

import static io.swarmedge.docker.LocalDocker.docker;
import static org.assertj.core.api.Assertions.fail;

import io.swarmedge.docker.LocalDocker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A test's own edge: the proxy and the socket proxy (edge profile) of {@code e2e/edge-stack.yml}
 * deployed as stack {@code name}, with its own overlay network and the proxy published in host
 * mode on a free high port; plus whoami services with Traefik labels on that network.
 */
final class EdgeStack implements AutoCloseable {
    final String name;
    final String network;
    final int port;
    final HostProbe probe;

    private EdgeStack(String name, int port) {
        this.name = name;
        this.network = name + "-web";
        this.port = port;
        this.probe = new HostProbe(port, Duration.ofSeconds(5));
    }

    /** Deploys the edge (after removing what an aborted run of this test may have left). */
    static EdgeStack deploy(String name) {
        LocalDocker.requireSwarm();
        E2eDocker.ensureImage();
        E2eDocker.removeAll(name);
        EdgeStack stack = new EdgeStack(name, E2eDocker.freePort());
        docker(
                Map.of("E2E_IMAGE", E2eDocker.IMAGE, "E2E_NETWORK", stack.network, "E2E_PORT", "" + stack.port),
                "stack",
                "deploy",
                "--resolve-image",
                "never",
                "-c",
                E2eDocker.ROOT
                        .resolve("cli/src/test/resources/e2e/edge-stack.yml")
                        .toString(),
                name);
        E2eDocker.log("stack=" + name + " proxy_port=" + stack.port + " network=" + stack.network);
        return stack;
    }

    String proxyService() {
        return name + "_proxy";
    }

    String socketProxyService() {
        return name + "_socket-proxy";
    }

    /**
     * Creates a whoami service routed as {@code Host(`host`)}, with DNS round-robin, an init, a
     * short grace period and the image's healthcheck. Returns the service name.
     */
    String createWhoami(String suffix, String host, int replicas) {
        String service = name + "-" + suffix;
        String router = suffix.replaceAll("[^a-z0-9]", "");
        List<String> args = new ArrayList<>(List.of(
                "service",
                "create",
                "--detach",
                "--quiet",
                "--name",
                service,
                "--network",
                network,
                "--endpoint-mode",
                "dnsrr",
                "--init",
                "--stop-grace-period",
                "3s",
                "--replicas",
                "" + replicas,
                "--update-parallelism",
                "1",
                "--update-delay",
                "0s",
                "--label",
                "traefik.enable=true",
                "--label",
                "traefik.http.routers." + router + ".rule=Host(`" + host + "`)",
                "--label",
                "traefik.http.routers." + router + ".entrypoints=web",
                "--label",
                "traefik.http.services." + router + ".loadbalancer.server.port=80",
                E2eDocker.IMAGE,
                "whoami",
                "--port",
                "80"));
        docker(args.toArray(String[]::new));
        return service;
    }

    /** Waits until {@code host} answers 200 through the proxy; returns how long that took. */
    Duration awaitRouted(String host, Duration atMost) {
        Instant start = Instant.now();
        awaitAnswer(host, atMost, a -> a.status() == 200, "200 from a backend");
        return Duration.between(start, Instant.now());
    }

    /** Waits until an answer for {@code host} matches; fails with the last answer and the proxy's log. */
    HostProbe.Answer awaitAnswer(
            String host, Duration atMost, java.util.function.Predicate<HostProbe.Answer> wanted, String what) {
        HostProbe.Answer[] last = {probe.get(host, "/")};
        try {
            Awaitility.await(host + " answers " + what)
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> wanted.test(last[0] = probe.get(host, "/")));
        } catch (ConditionTimeoutException e) {
            fail(host + " did not answer " + what + " within " + atMost.toSeconds() + " s; last: " + last[0] + "\n"
                    + last[0].head() + "\n--- proxy log (tail) ---\n"
                    + tail(E2eDocker.serviceLogs(proxyService()), 40));
        }
        return last[0];
    }

    /** When the task whose container is {@code hostname} entered its current (running) state. */
    Optional<Instant> runningSince(String service, String hostname) {
        for (String task : LocalDocker.lines(docker("service", "ps", "-q", "--no-trunc", service))) {
            String[] f = docker(
                            "inspect",
                            "--format",
                            "{{.Status.ContainerStatus.ContainerID}} {{.Status.State}} {{.Status.Timestamp.Format \"2006-01-02T15:04:05.999999999Z07:00\"}}",
                            task)
                    .split(" ");
            if (f.length == 3 && f[0].startsWith(hostname) && f[1].equals("running")) {
                return Optional.of(Instant.parse(f[2]));
            }
        }
        return Optional.empty();
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        E2eDocker.removeAll(name);
    }
}
