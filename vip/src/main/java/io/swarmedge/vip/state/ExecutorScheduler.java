package io.swarmedge.vip.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} on one platform thread, which also serialises every state-machine event. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor;

    public ExecutorScheduler(String threadName) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Runs {@code task} on the scheduler thread as soon as possible. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code task} on the scheduler thread and waits up to {@code timeout} for it. */
    public void executeAndWait(Runnable task, Duration timeout) {
        try {
            executor.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("scheduler task did not finish: " + e, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
