package io.swarmedge.vip.daemon;

import java.time.Duration;
import java.util.Optional;

/**
 * The rhythm of a master's advertisements. Backups take over when they hear nothing for three
 * intervals (plus a skew), so a master whose process is not scheduled in time (the node's CPUs busy
 * with other work, a long pause, a frozen container) makes the address move although nothing failed.
 * A gap of more than two intervals is reported, so such flaps can be explained. Not thread-safe: used
 * on the instance's scheduler thread.
 */
final class AdvertisementPace {
    /** Gaps beyond this many intervals are late: one more and the backups take over. */
    static final int LATE_AFTER_INTERVALS = 2;

    private final Duration interval;
    private long lastSentNanos = -1;

    AdvertisementPace(Duration interval) {
        this.interval = interval;
    }

    /** An advertisement left at {@code nanos}: the gap since the previous one when it was late. */
    Optional<Duration> sent(long nanos) {
        long previous = lastSentNanos;
        lastSentNanos = nanos;
        if (previous < 0) {
            return Optional.empty();
        }
        Duration gap = Duration.ofNanos(nanos - previous);
        return gap.compareTo(interval.multipliedBy(LATE_AFTER_INTERVALS)) > 0 ? Optional.of(gap) : Optional.empty();
    }

    /** No longer master: the next advertisement starts a new rhythm. */
    void reset() {
        lastSentNanos = -1;
    }
}
