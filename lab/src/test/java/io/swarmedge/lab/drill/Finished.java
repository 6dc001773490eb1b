package io.swarmedge.lab.drill;

import io.swarmedge.cli.downtime.DowntimeReport;
import io.swarmedge.cli.downtime.Sample;
import java.util.List;

/**
 * A finished load run: the downtime report and every request, on the run's time line (sample times are
 * nanoseconds after {@code startedAtNanos}, a {@link System#nanoTime()} reading).
 */
record Finished(DowntimeReport report, List<Sample> samples, long startedAtNanos) {
    Finished {
        samples = List.copyOf(samples);
    }

    /** Requests that were under way at {@code nanoTime} (started before, ended after) and failed. */
    long inFlightLostAt(long nanoTime) {
        long at = nanoTime - startedAtNanos;
        return samples.stream()
                .filter(s ->
                        s.startNanos() < at && s.endNanos() > at && !s.outcome().ok())
                .count();
    }

    /** Requests that were under way at {@code nanoTime}. */
    long inFlightAt(long nanoTime) {
        long at = nanoTime - startedAtNanos;
        return samples.stream()
                .filter(s -> s.startNanos() < at && s.endNanos() > at)
                .count();
    }

    /** The longest time a request that succeeded took, in milliseconds. */
    double longestSuccessMs() {
        return samples.stream()
                        .filter(s -> s.outcome().ok())
                        .mapToLong(Sample::latencyNanos)
                        .max()
                        .orElse(0)
                / 1e6;
    }
}
