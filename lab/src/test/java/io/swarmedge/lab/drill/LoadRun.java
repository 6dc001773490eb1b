package io.swarmedge.lab.drill;

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
 * {@code swarmedge downtime} through the VIP on a background thread while a drill runs: started before
 * the fault, stopped once the drill has settled. Its requests are on the run's own time line
 * ({@link DowntimeRun#startedAtNanos()}), so a drill can place the fault on it.
 */
final class LoadRun {
    /** Longest a drill lets a load run (it is stopped much earlier). */
    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final DowntimeRun run;
    private final CompletableFuture<DowntimeReport> report = new CompletableFuture<>();
    private final Duration timeout;

    private LoadRun(DowntimeRun run, Duration timeout) {
        this.run = run;
        this.timeout = timeout;
    }

    /**
     * Starts {@code rate} requests per second (GETs and POSTs; half the workers on new connections, half
     * keep-alive) to {@code http://vip/} with {@code Host: host}, each allowed {@code timeout}.
     */
    static LoadRun start(String vip, String host, int rate, int concurrency, Duration timeout) {
        DowntimeOptions options = new DowntimeOptions(
                URI.create("http://" + vip + "/"), LIMIT, rate, concurrency, MethodMix.BOTH, timeout, host);
        LoadRun load = new LoadRun(new DowntimeRun(options), timeout);
        Thread.ofPlatform().daemon().name("drill-load").start(() -> {
            try {
                load.report.complete(load.run.run());
            } catch (InterruptedException e) {
                load.report.completeExceptionally(e);
            } catch (RuntimeException e) {
                load.report.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (load.run.startedAtNanos() == 0) {
            if (System.nanoTime() > deadline || load.report.isDone()) {
                throw new IllegalStateException("the downtime run did not start: " + load.report);
            }
            Thread.onSpinWait();
        }
        return load;
    }

    /** Stops sending and returns every request once the last one has ended. */
    Finished stop() {
        run.stop();
        try {
            DowntimeReport done = report.get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            return new Finished(done, run.samples(), run.startedAtNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the downtime run", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the downtime run did not end: " + e, e);
        }
    }

    /** Stops the run if a drill failed before it could; the requests are dropped. */
    void stopQuietly() {
        run.stop();
    }

    /** Lets the load run for {@code duration} (the drill's quiet time before or after a fault). */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
