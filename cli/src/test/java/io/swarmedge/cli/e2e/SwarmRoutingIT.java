package io.swarmedge.cli.e2e;

import static io.swarmedge.cli.e2e.E2eDocker.log;
import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.replaceTasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.cli.downtime.DowntimeReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Labels → routes on the real swarm, through the real proxy, socket proxy and image: a whoami
 * service is created, scaled to 3, rolled with {@code start-first} and with {@code stop-first}, and
 * removed, while the downtime engine sends requests through the proxy the whole time (half on new
 * connections, half kept alive). Prints the figures of issue 4's closing note: the time from
 * {@code docker service scale} to the new tasks receiving traffic, and failed requests per phase
 * (Traefik polls every 15 s: its users see 502s for up to that long after a task goes away).
 */
class SwarmRoutingIT {
    private static final String HOST = "routing.e2etest";

    @RegisterExtension
    static final DeployedEdge EDGE = new DeployedEdge("routing");

    @Test
    void aServiceIsRoutedThroughItsWholeLifeWithoutFailedRequests() {
        String service = EDGE.stack().createWhoami("whoami", HOST, 1);
        // First start of the edge and the service: JVMs start on a loaded box, hence the generous limit.
        Duration routedAfter = EDGE.stack().awaitRouted(HOST, Duration.ofMinutes(3));
        log("phase=create service=" + service + " routed_after_ms=" + routedAfter.toMillis()
                + " (from docker service create, including the task's start and healthcheck)");
        assertThat(EDGE.stack().probe.get("other.e2etest", "/").status())
                .as("a host no router matches")
                .isEqualTo(404);

        Map<String, Long> failures = new LinkedHashMap<>();
        SoftAssertions soft = new SoftAssertions();
        try (BackgroundLoad load = new BackgroundLoad(EDGE.stack().port, HOST)) {
            // Let the load warm up on the steady state: failures here are the baseline.
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
            failures.put("steady (1 replica)", load.phase().failed());

            scaleTo3(service, soft);
            failures.put("scale 1→3", load.phase().failed());

            docker("service", "scale", "--detach=false", service + "=2");
            settle();
            failures.put("scale 3→2", load.phase().failed());

            Instant rolled = Instant.now();
            replaceTasks(service, "--update-order", "start-first");
            settle();
            BackgroundLoad.Phase startFirst = load.phase();
            failures.put("update start-first (2 replicas)", startFirst.failed());
            log("phase=update-start-first requests=" + startFirst.requests() + " failed=" + startFirst.failed()
                    + " took_ms=" + Duration.between(rolled, Instant.now()).toMillis());

            rolled = Instant.now();
            replaceTasks(service, "--update-order", "stop-first");
            settle();
            BackgroundLoad.Phase stopFirst = load.phase();
            failures.put("update stop-first (2 replicas)", stopFirst.failed());
            log("phase=update-stop-first requests=" + stopFirst.requests() + " failed=" + stopFirst.failed()
                    + " took_ms=" + Duration.between(rolled, Instant.now()).toMillis());

            DowntimeReport report = load.stop();
            log("load requests=" + report.requests() + " failed=" + report.failed() + " by_kind="
                    + report.failuresByKind() + " by_mode=" + report.byMode() + " retried_stale="
                    + report.retriedStale() + " windows=" + report.windows() + " latency=" + report.latency());
            failures.forEach((phase, failed) -> log("failed_requests phase=\"" + phase + "\" failed=" + failed));
            // The design: a task leaves the routes when its desired state leaves running (before its
            // container gets SIGTERM), a new one joins within a second of running, and a request whose
            // connection to a server fails is retried on another. So every phase, stop-first included
            // (with 2 replicas and parallelism 1 one task always runs), has zero failed requests.
            failures.forEach((phase, failed) -> soft.assertThat(failed)
                    .as("failed requests during " + phase)
                    .isZero());
            soft.assertThat(report.requests()).as("requests sent").isGreaterThan(100);
        }

        Instant removed = Instant.now();
        docker("service", "rm", service);
        EDGE.stack().awaitAnswer(HOST, Duration.ofSeconds(60), a -> a.status() == 404, "404 once the service is gone");
        log("phase=remove not_found_after_ms="
                + Duration.between(removed, Instant.now()).toMillis());
        soft.assertAll();
    }

    /** Scales to 3 and waits until both new tasks answer; logs scale→traffic and running→traffic. */
    private static void scaleTo3(String service, SoftAssertions soft) {
        Set<String> before = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            EDGE.stack().probe.get(HOST, "/").hostname().ifPresent(before::add);
        }
        Instant scaled = Instant.now();
        docker("service", "scale", "--detach", service + "=3");
        Map<String, Instant> firstSeen = new LinkedHashMap<>();
        Instant deadline = scaled.plus(Duration.ofMinutes(3));
        while (firstSeen.size() < 2 && Instant.now().isBefore(deadline)) {
            EDGE.stack()
                    .probe
                    .get(HOST, "/")
                    .hostname()
                    .filter(h -> !before.contains(h))
                    .ifPresent(h -> firstSeen.putIfAbsent(h, Instant.now()));
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        soft.assertThat(firstSeen)
                .as("new tasks answering after scale to 3 (before: " + before + ")")
                .hasSize(2);
        Set<String> all = new TreeSet<>(before);
        all.addAll(firstSeen.keySet());
        soft.assertThat(all).as("tasks answering").hasSize(3);
        firstSeen.forEach((hostname, seen) -> {
            String sinceRunning = EDGE.stack()
                    .runningSince(service, hostname)
                    .map(r -> "" + Duration.between(r, seen).toMillis())
                    .orElse("?");
            log("phase=scale-to-3 task=" + hostname + " scale_to_traffic_ms="
                    + Duration.between(scaled, seen).toMillis() + " running_to_traffic_ms=" + sinceRunning);
        });
    }

    /** A moment for in-flight requests of a phase to end inside that phase. */
    private static void settle() {
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
    }
}
