package io.swarmedge.vip.state;

import java.time.Duration;

/**
 * Time and timers for the state machine. The daemon runs it on one thread; tests drive a virtual
 * implementation so timer behaviour is checked without sleeping.
 */
public interface Scheduler {
    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}, on the scheduler's thread. */
    Timer schedule(Duration delay, Runnable task);

    /** A pending task. */
    interface Timer {
        /** Cancels the task; harmless when it already ran. */
        void cancel();
    }
}
