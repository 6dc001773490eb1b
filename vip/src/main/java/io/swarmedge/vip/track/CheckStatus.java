package io.swarmedge.vip.track;

import io.swarmedge.vip.config.TrackedCheckConfig;

/**
 * The tracked state of one check: healthy or not, changed only after {@code rise} consecutive
 * successes or {@code fall} consecutive failures. The first result decides at once.
 */
public final class CheckStatus {
    private final TrackedCheckConfig config;
    private boolean healthy;
    private boolean decided;
    private int streak;

    public CheckStatus(TrackedCheckConfig config) {
        this.config = config;
        this.healthy = !config.initFail();
    }

    public TrackedCheckConfig config() {
        return config;
    }

    public synchronized boolean healthy() {
        return healthy;
    }

    /** Records one result; returns true when the tracked state changed. */
    public synchronized boolean record(boolean ok) {
        if (!decided && !config.initFail()) {
            decided = true;
            boolean changed = healthy != ok;
            healthy = ok;
            streak = 0;
            return changed;
        }
        decided = true;
        if (ok == healthy) {
            streak = 0;
            return false;
        }
        streak++;
        if (streak >= (ok ? config.rise() : config.fall())) {
            healthy = ok;
            streak = 0;
            return true;
        }
        return false;
    }

    /** What this check adds to the priority now, keepalived style. */
    public synchronized int priorityDelta() {
        int weight = config.weight();
        if (weight > 0 && healthy) {
            return weight;
        }
        if (weight < 0 && !healthy) {
            return weight;
        }
        return 0;
    }

    /** True when this is an unweighted check that is failing: the instance must go to FAULT. */
    public synchronized boolean forcesFault() {
        return config.weight() == 0 && !healthy;
    }
}
