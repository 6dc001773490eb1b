package io.swarmedge.cli.downtime;

import java.util.Objects;

/**
 * One request as measured.
 *
 * @param startNanos when it started, in nanoseconds since the run started
 * @param latencyNanos how long it took until the complete answer or the failure
 * @param outcome how it ended
 * @param mode the connection mode of the worker that sent it
 * @param method {@code GET} or {@code POST}
 */
public record Sample(long startNanos, long latencyNanos, Outcome outcome, ConnectionMode mode, String method) {
    public Sample {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(method, "method");
        if (startNanos < 0 || latencyNanos < 0) {
            throw new IllegalArgumentException("start and latency must not be negative");
        }
    }

    /** When the request ended, in nanoseconds since the run started. */
    public long endNanos() {
        return startNanos + latencyNanos;
    }
}
