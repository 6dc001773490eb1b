package io.swarmedge.vip.state;

import java.time.Duration;
import java.util.PriorityQueue;

/** A scheduler whose time only moves when the test says so. */
final class VirtualScheduler implements Scheduler {
    private record Task(long due, long order, Runnable action, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due() != b.due() ? Long.compare(a.due(), b.due()) : Long.compare(a.order(), b.order()));
    private long now;
    private long order;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toNanos(), order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward, running every task that falls due, in order. */
    void advance(Duration duration) {
        long end = now + duration.toNanos();
        while (!tasks.isEmpty() && tasks.peek().due() <= end) {
            Task t = tasks.poll();
            now = t.due();
            if (!t.cancelled()[0]) {
                t.action().run();
            }
        }
        now = end;
    }

    Duration elapsed() {
        return Duration.ofNanos(now);
    }
}
