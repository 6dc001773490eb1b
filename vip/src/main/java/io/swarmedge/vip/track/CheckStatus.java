package io.swarmedge.vip.track;

import io.swarmedge.vip.config.TrackedCheckConfig;

/**
 * The tracked state of one check. Until its first result a check counts as failing, so an
 * instance never claims more than it knows. The first result then decides at once (with
 * {@code init_fail}, as keepalived, the check starts failed and needs {@code rise} successes);
 * afterwards the state changes only after {@code rise} consecutive successes or {@code fall}
 * consecutive failures, except that a {@link ProbeResult#NOT_SERVING} answer fails it at once.
 */
public final class CheckStatus {
    private final TrackedCheckConfig config;
    private boolean healthy;
    private boolean decided;
    private int streak;

    public CheckStatus(TrackedCheckConfig config) {
        this.config = config;
        this.decided = config.initFail();
    }

    public TrackedCheckConfig config() {
        return config;
    }

    public synchronized boolean healthy() {
        return healthy;
    }

    /** True until the check has a first result (never with {@code init_fail}, which starts decided). */
    public synchronized boolean pending() {
        return !decided;
    }

    /** Records one result; returns true when the tracked state (healthy or not) changed. */
    public synchronized boolean record(ProbeResult result) {
        boolean ok = result == ProbeResult.HEALTHY;
        if (!decided) {
            decided = true;
            streak = 0;
            boolean changed = healthy != ok;
            healthy = ok;
            return changed;
        }
        if (ok == healthy) {
            streak = 0;
            return false;
        }
        if (result == ProbeResult.NOT_SERVING) {
            healthy = false;
            streak = 0;
            return true;
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

    /** True when this is an unweighted check that is failing (or has no result yet): FAULT. */
    public synchronized boolean forcesFault() {
        return config.weight() == 0 && !healthy;
    }
}
