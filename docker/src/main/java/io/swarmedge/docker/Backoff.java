package io.swarmedge.docker;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: after the n-th failure in a row, wait between half and all of
 * {@code initial × 2^(n-1)}, never more than {@code max}. The jitter keeps the proxies of every
 * manager from hammering a recovering socket proxy in step.
 *
 * @param initial the delay after the first failure
 * @param max the cap
 * @param random the source of jitter
 */
public record Backoff(Duration initial, Duration max, RandomGenerator random) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay after {@code failures} consecutive failures (1 for the first). */
    public Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 62);
        long ceiling = max.toNanos();
        // initial << doublings only when it stays below the cap (and so cannot overflow).
        if (initial.toNanos() <= (max.toNanos() >> doublings)) {
            ceiling = initial.toNanos() << doublings;
        }
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }
}
