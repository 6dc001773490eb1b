package io.swarmedge.cli.e2e;

import static io.swarmedge.cli.e2e.E2eDocker.log;
import static io.swarmedge.docker.LocalDocker.replaceTasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.cli.downtime.DowntimeOptions;
import io.swarmedge.cli.downtime.DowntimeReport;
import io.swarmedge.cli.downtime.DowntimeRun;
import io.swarmedge.cli.downtime.MethodMix;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drill 3 on the real swarm: the only task of a service is replaced {@code stop-first} (what a drain
 * of its node does) while requests flow. With {@code serversTransport.unavailableHold} (30 s by
 * default) the requests that arrive while no task runs wait for the new one instead of failing:
 * zero failed requests; the longest wait is printed.
 */
class SingleReplicaHoldIT {
    private static final String HOST = "hold.e2etest";

    @RegisterExtension
    static final DeployedEdge EDGE = new DeployedEdge("hold");

    @Test
    void requestsWaitForTheSingleTaskThatMoves() throws Exception {
        String service = EDGE.stack().createWhoami("single", HOST, 1);
        EDGE.stack().awaitRouted(HOST, Duration.ofMinutes(3));
        // A request may wait the whole hold: the per-request limit is above it.
        DowntimeRun run = new DowntimeRun(new DowntimeOptions(
                URI.create("http://127.0.0.1:" + EDGE.stack().port + "/"),
                Duration.ofMinutes(5),
                40,
                4,
                MethodMix.BOTH,
                Duration.ofSeconds(40),
                HOST));
        CompletableFuture<DowntimeReport> report = new CompletableFuture<>();
        Thread.ofVirtual().name("e2e-hold-load").start(() -> {
            try {
                report.complete(run.run());
            } catch (Throwable e) {
                report.completeExceptionally(e);
            }
        });
        try {
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
            Instant moved = Instant.now();
            replaceTasks(service, "--update-order", "stop-first");
            log("phase=single-replica-stop-first took_ms="
                    + Duration.between(moved, Instant.now()).toMillis());
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
        } finally {
            run.stop();
        }
        DowntimeReport done = report.get(90, TimeUnit.SECONDS);
        log("hold requests=" + done.requests() + " failed=" + done.failed() + " by_kind=" + done.failuresByKind()
                + " longest_wait_ms=" + Math.round(done.latency().maxMs()) + " p99_ms="
                + Math.round(done.latency().p99Ms()) + " gaps=" + done.gaps());
        assertThat(done.failed())
                .as("failed requests while the only task moved")
                .isZero();
        assertThat(done.requests()).isGreaterThan(100);
        assertThat(done.latency().maxMs()).as("someone waited for the new task").isGreaterThan(200);
    }
}
