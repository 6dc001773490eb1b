package io.swarmedge.config.provider;

import java.time.Instant;

/**
 * A provider's health.
 *
 * @param health the state
 * @param lastChange when the provider last published a snapshot ({@link Instant#EPOCH} if never)
 * @param detail a human-readable reason when not {@link Health#OK}, else {@code ""}
 */
public record ProviderStatus(Health health, Instant lastChange, String detail) {

    /** Provider states. */
    public enum Health {
        /** Not started, or starting. */
        STARTING,
        /** Everything read without error. */
        OK,
        /** Serving, but some objects or sources were left out (see the snapshot's errors). */
        DEGRADED,
        /** The source cannot be read at all (missing directory, unreachable API); last good config kept. */
        FAILED,
        /** Stopped. */
        STOPPED
    }
}
