package io.swarmedge.docker;

import java.time.Instant;
import java.util.Optional;

/**
 * The health of a {@link SwarmWatcher}, for health endpoints and metrics. Immutable: a new one is
 * made on every change.
 */
public final class SwarmWatcherStatus {
    private final boolean connected;
    private final boolean eventsConnected;
    private final Instant lastSuccess;
    private final String lastError;
    private final Instant lastErrorAt;
    private final int consecutiveFailures;
    private final long reads;
    private final long published;

    SwarmWatcherStatus(
            boolean connected,
            boolean eventsConnected,
            Instant lastSuccess,
            String lastError,
            Instant lastErrorAt,
            int consecutiveFailures,
            long reads,
            long published) {
        this.connected = connected;
        this.eventsConnected = eventsConnected;
        this.lastSuccess = lastSuccess;
        this.lastError = lastError;
        this.lastErrorAt = lastErrorAt;
        this.consecutiveFailures = consecutiveFailures;
        this.reads = reads;
        this.published = published;
    }

    static SwarmWatcherStatus initial() {
        return new SwarmWatcherStatus(false, false, null, null, null, 0, 0, 0);
    }

    /** Whether the last read of the Docker API succeeded. */
    public boolean connected() {
        return connected;
    }

    /** Whether the events stream is open. */
    public boolean eventsConnected() {
        return eventsConnected;
    }

    /** When the Docker API was last read successfully. */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** The last failure's message (kept after recovery, with {@link #lastErrorAt()}). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** When the last failure happened. */
    public Optional<Instant> lastErrorAt() {
        return Optional.ofNullable(lastErrorAt);
    }

    /** Failed reads since the last successful one. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Successful reads so far. */
    public long reads() {
        return reads;
    }

    /** Snapshots handed to the listener so far (only changed ones are). */
    public long published() {
        return published;
    }

    SwarmWatcherStatus succeeded(Instant at, boolean didPublish) {
        return new SwarmWatcherStatus(
                true, eventsConnected, at, lastError, lastErrorAt, 0, reads + 1, published + (didPublish ? 1 : 0));
    }

    SwarmWatcherStatus failed(Instant at, String error) {
        return new SwarmWatcherStatus(
                false, eventsConnected, lastSuccess, error, at, consecutiveFailures + 1, reads, published);
    }

    SwarmWatcherStatus withEventsConnected(boolean value) {
        return new SwarmWatcherStatus(
                connected, value, lastSuccess, lastError, lastErrorAt, consecutiveFailures, reads, published);
    }

    @Override
    public String toString() {
        return "SwarmWatcherStatus[connected=" + connected + ", eventsConnected=" + eventsConnected + ", lastSuccess="
                + lastSuccess + ", lastError=" + lastError + ", lastErrorAt=" + lastErrorAt + ", consecutiveFailures="
                + consecutiveFailures + ", reads=" + reads + ", published=" + published + "]";
    }
}
