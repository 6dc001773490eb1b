package io.swarmedge.cli.e2e;

import io.swarmedge.cli.downtime.DowntimeOptions;
import io.swarmedge.cli.downtime.DowntimeReport;
import io.swarmedge.cli.downtime.DowntimeRun;
import io.swarmedge.cli.downtime.MethodMix;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code downtime} tool's engine running through the proxy for the whole of a test, half the
 * workers on new connections and half on kept-alive ones; {@link #phase()} gives the requests and
 * failures since the previous call, so each step of a test has its own figure.
 */
final class BackgroundLoad implements AutoCloseable {
    /** Requests and failed requests of one phase. */
    record Phase(long requests, long failed) {}

    private final DowntimeRun run;
    private final CompletableFuture<DowntimeReport> report = new CompletableFuture<>();
    private long requestsBefore;
    private long failedBefore;

    /** Starts 40 requests/s from 4 workers to {@code http://127.0.0.1:port/} with {@code host}. */
    BackgroundLoad(int port, String host) {
        run = new DowntimeRun(new DowntimeOptions(
                URI.create("http://127.0.0.1:" + port + "/"),
                Duration.ofMinutes(15),
                40,
                4,
                MethodMix.GET,
                Duration.ofSeconds(10),
                host));
        Thread.ofVirtual().name("e2e-load").start(() -> {
            try {
                report.complete(run.run());
            } catch (Throwable e) {
                report.completeExceptionally(e);
            }
        });
    }

    /** Requests and failures since the previous call (or the start). */
    synchronized Phase phase() {
        DowntimeRun.Progress now = run.progress();
        Phase phase = new Phase(now.requests() - requestsBefore, now.failed() - failedBefore);
        requestsBefore = now.requests();
        failedBefore = now.failed();
        return phase;
    }

    /** Stops the load and returns the whole run's report (gaps, windows, failures by kind). */
    DowntimeReport stop() {
        run.stop();
        try {
            return report.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the load", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the load generator failed: " + e, e);
        }
    }

    @Override
    public void close() {
        run.stop();
    }
}
