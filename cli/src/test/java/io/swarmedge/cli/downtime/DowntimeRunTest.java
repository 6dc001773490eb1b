package io.swarmedge.cli.downtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Whole runs against an in-process whoami on loopback. */
class DowntimeRunTest {
    private static DowntimeOptions options(URI uri, Duration duration, int rate, MethodMix methods) {
        return new DowntimeOptions(uri, duration, rate, 4, methods, Duration.ofSeconds(1), "whoami.test");
    }

    private static CompletableFuture<DowntimeReport> start(DowntimeRun run) {
        CompletableFuture<DowntimeReport> report = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                report.complete(run.run());
            } catch (Throwable e) {
                report.completeExceptionally(e);
            }
        });
        return report;
    }

    @Test
    void aHealthyBackendHasNoGap() throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            DowntimeReport report =
                    new DowntimeRun(options(whoami.uri(), Duration.ofSeconds(2), 50, MethodMix.BOTH)).run();
            assertThat(report.failed()).isZero();
            assertThat(report.gaps()).isEmpty();
            // 100 slots; a busy machine may skip a few rather than burst.
            assertThat(report.requests() + report.missedSlots()).isBetween(95L, 101L);
            assertThat(report.byMode()).containsOnlyKeys("new", "keep-alive");
            assertThat(report.latency().count()).isEqualTo(report.requests());
            assertThat(report.latency().maxMs())
                    .isGreaterThanOrEqualTo(report.latency().p99Ms());
            // Keep-alive workers reuse connections: fewer connections than requests.
            assertThat(whoami.acceptedConnections()).isLessThan(report.requests());
            assertThat(whoami.requestCount()).isEqualTo(report.requests() + report.retriedStale());
        }
    }

    @Test
    void aBackendStoppedAndRestartedMidRunMakesExactlyOneGapOfAboutTheDowntime() throws Exception {
        WhoamiServer first = WhoamiServer.start(WhoamiOptions.loopback());
        int port = first.port();
        DowntimeRun run = new DowntimeRun(options(first.uri(), Duration.ofSeconds(30), 100, MethodMix.BOTH));
        CompletableFuture<DowntimeReport> result = start(run);
        WhoamiServer second = null;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> run.progress().requests() >= 50);
            long down = System.nanoTime();
            first.close();
            // Down until a good number of requests failed (about a second at 100/s).
            await().atMost(Duration.ofSeconds(20)).until(() -> run.progress().failed() >= 100);
            second = WhoamiServer.start(WhoamiOptions.loopback().withPort(port));
            double downMs = (System.nanoTime() - down) / 1e6;
            long failedAtRestart = run.progress().failed();
            long requestsAtRestart = run.progress().requests();
            await().atMost(Duration.ofSeconds(20)).until(() -> run.progress().requests() >= requestsAtRestart + 100);
            run.stop();
            DowntimeReport report = result.get(30, TimeUnit.SECONDS);

            assertThat(report.gaps()).as(ReportTable.render(report)).hasSize(1);
            Gap gap = report.gaps().getFirst();
            assertThat(gap.lengthMs()).as(ReportTable.render(report)).isBetween(downMs * 0.6, downMs + 1500);
            assertThat(gap.kinds()).containsKey("refused");
            assertThat(gap.kinds().keySet()).isSubsetOf("refused", "reset");
            assertThat(report.failed()).isEqualTo(gap.failures()).isGreaterThanOrEqualTo(failedAtRestart);
            assertThat(report.longestGapMs()).isEqualTo(gap.lengthMs());
            assertThat(report.failuresByKind()).containsKey("refused");
        } finally {
            run.stop();
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aFailingPhaseShowsAsA5xxGap() throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            DowntimeRun run = new DowntimeRun(
                    options(whoami.uri().resolve("/health"), Duration.ofSeconds(30), 100, MethodMix.GET));
            CompletableFuture<DowntimeReport> result = start(run);
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> run.progress().requests() >= 50);
                whoami.setHealthStatus(503);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> run.progress().failed() >= 50);
                whoami.setHealthStatus(200);
                long requestsAtRecovery = run.progress().requests();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> run.progress().requests() >= requestsAtRecovery + 50);
            } finally {
                run.stop();
            }
            DowntimeReport report = result.get(30, TimeUnit.SECONDS);
            assertThat(report.gaps()).as(ReportTable.render(report)).hasSize(1);
            assertThat(report.gaps().getFirst().kinds()).containsOnlyKeys("5xx");
            assertThat(report.gaps().getFirst().firstDetail()).isEqualTo("HTTP 503");
            assertThat(report.failuresByKind()).containsOnlyKeys("5xx");
            // Keep-alive survives 5xx answers: no connection was lost.
            assertThat(report.retriedStale()).isZero();
        }
    }

    @Test
    void theReportRendersAsATableAndAsJson() throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            whoami.setHealthStatus(500);
            DowntimeReport report = new DowntimeRun(
                            options(whoami.uri().resolve("/health"), Duration.ofMillis(500), 20, MethodMix.GET))
                    .run();
            String table = ReportTable.render(report);
            assertThat(table)
                    .contains("failed " + report.failed())
                    .contains("gaps      1")
                    .contains("5xx");
            String json = ReportJson.render(report);
            assertThat(json)
                    .contains("\"gaps\"")
                    .contains("\"longestGapMs\"")
                    .contains("\"failuresByKind\"")
                    .contains("\"5xx\"")
                    .contains("\"p99Ms\"");
        }
    }
}
