package io.swarmedge.cli.e2e;

import static io.swarmedge.cli.e2e.E2eDocker.log;
import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.replaceTasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.cli.downtime.DowntimeReport;
import io.swarmedge.docker.LocalDocker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy's only way to the Docker API goes away: its container is killed, and then the service
 * is restarted with {@code docker service update --force}. The proxy keeps routing with the last
 * good configuration (zero failed requests under load meanwhile), and once the socket proxy is back
 * a change (a scale) is picked up again.
 */
class SocketProxyRestartIT {
    private static final String HOST = "restart.e2etest";

    @RegisterExtension
    static final DeployedEdge EDGE = new DeployedEdge("sockrestart");

    @Test
    void theProxyKeepsRoutingWhileTheSocketProxyIsGoneAndFollowsChangesAfterwards() {
        String service = EDGE.stack().createWhoami("whoami", HOST, 2);
        EDGE.stack().awaitRouted(HOST, Duration.ofMinutes(3));
        awaitHostnames(2);

        DowntimeReport report;
        BackgroundLoad.Phase killed;
        BackgroundLoad.Phase restarted;
        try (BackgroundLoad load = new BackgroundLoad(EDGE.stack().port, HOST)) {
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            load.phase();

            // 1. Kill the socket proxy's container: the event stream and the poll connection break.
            String container = socketProxyContainer();
            Instant kill = Instant.now();
            docker("kill", container);
            awaitSocketProxyBack(container);
            log("phase=socket-proxy-killed back_after_ms="
                    + Duration.between(kill, Instant.now()).toMillis());
            killed = load.phase();

            // 2. Replace its task (stop-first: no socket proxy at all for a while).
            Instant restart = Instant.now();
            replaceTasks(EDGE.stack().socketProxyService());
            log("phase=socket-proxy-restarted took_ms="
                    + Duration.between(restart, Instant.now()).toMillis());
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            restarted = load.phase();
            report = load.stop();
        }
        log("phase=socket-proxy-killed requests=" + killed.requests() + " failed=" + killed.failed());
        log("phase=socket-proxy-restarted requests=" + restarted.requests() + " failed=" + restarted.failed());
        log("load requests=" + report.requests() + " failed=" + report.failed() + " by_kind=" + report.failuresByKind()
                + " windows=" + report.windows());
        assertThat(killed.failed())
                .as("failed requests while the socket proxy was killed")
                .isZero();
        assertThat(restarted.failed())
                .as("failed requests while the socket proxy restarted")
                .isZero();
        assertThat(killed.requests() + restarted.requests()).isGreaterThan(50);

        // The provider reconnected: a scale made now shows up as a third backend.
        Instant scaled = Instant.now();
        docker("service", "scale", "--detach", service + "=3");
        awaitHostnames(3);
        log("phase=scale-after-restart scale_to_traffic_ms="
                + Duration.between(scaled, Instant.now()).toMillis());
        String proxyLog = E2eDocker.serviceLogs(EDGE.stack().proxyService());
        log("proxy log (tail):\n" + EdgeStack.tail(proxyLog, 25));
    }

    private static String socketProxyContainer() {
        List<String> ids = LocalDocker.lines(docker(
                "ps",
                "-q",
                "--filter",
                "label=com.docker.swarm.service.name=" + EDGE.stack().socketProxyService()));
        assertThat(ids).as("running socket-proxy containers").hasSize(1);
        return ids.getFirst();
    }

    /** Waits for a new socket-proxy container that is running (healthy: the task is running). */
    private static void awaitSocketProxyBack(String killed) {
        Awaitility.await("a new socket-proxy task running")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<String> ids = LocalDocker.lines(docker(
                            "ps",
                            "-q",
                            "--filter",
                            "label=com.docker.swarm.service.name="
                                    + EDGE.stack().socketProxyService(),
                            "--filter",
                            "health=healthy"));
                    return !ids.isEmpty() && !ids.contains(killed);
                });
    }

    /** Waits until {@code count} distinct whoami tasks have answered through the proxy. */
    private static void awaitHostnames(int count) {
        Set<String> seen = new TreeSet<>();
        Awaitility.await(count + " tasks answering through the proxy")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    EDGE.stack().probe.get(HOST, "/").hostname().ifPresent(seen::add);
                    return seen.size() >= count;
                });
    }
}
