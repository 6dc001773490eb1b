package io.swarmedge.cli.downtime;

import java.util.Arrays;

/**
 * Latency percentiles of the requests that succeeded, in milliseconds (nearest rank).
 *
 * @param count requests summarised
 */
public record LatencySummary(long count, double p50Ms, double p99Ms, double maxMs) {
    /** Summarises {@code latenciesNanos} (any order; the array is sorted in place). */
    public static LatencySummary of(long[] latenciesNanos) {
        if (latenciesNanos.length == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        Arrays.sort(latenciesNanos);
        return new LatencySummary(
                latenciesNanos.length,
                GapFinder.millis(rank(latenciesNanos, 0.50)),
                GapFinder.millis(rank(latenciesNanos, 0.99)),
                GapFinder.millis(latenciesNanos[latenciesNanos.length - 1]));
    }

    private static long rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }
}
