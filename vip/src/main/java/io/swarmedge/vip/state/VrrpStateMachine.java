package io.swarmedge.vip.state;

import io.swarmedge.vip.packet.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The VRRP state machine of RFC 5798 §6.4 (and RFC 3768 for version 2), with keepalived's
 * extensions: {@code nopreempt}, {@code preempt_delay}, a FAULT state and an effective priority
 * moved by tracked checks. Not thread-safe: every call must come from the scheduler's thread.
 */
public final class VrrpStateMachine {
    /** The shortest time between two re-announcements caused by lower-priority masters. */
    static final Duration REASSERT_EVERY = Duration.ofSeconds(1);

    private final RouterSettings settings;
    private final Scheduler scheduler;
    private final RouterActions actions;

    private VrrpState state = VrrpState.INITIALIZE;
    private int priority;
    private int masterAdverCentis;
    private boolean faulty;
    private boolean running;
    private long lowerPriorityMasterSince = -1;
    private long lastReassertion = Long.MIN_VALUE;
    private Scheduler.Timer adverTimer;
    private Scheduler.Timer masterDownTimer;

    public VrrpStateMachine(RouterSettings settings, Scheduler scheduler, RouterActions actions) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.actions = actions;
        this.priority = settings.basePriority();
        this.masterAdverCentis = settings.advertCentis();
    }

    public VrrpState state() {
        return state;
    }

    /** The priority advertised now: the base priority moved by tracked checks. */
    public int priority() {
        return priority;
    }

    /** The Master_Down_Interval now in force. */
    public Duration masterDownInterval() {
        return centis(3L * masterAdverCentis).plus(skewTime());
    }

    /** Skew_Time: lower priorities wait longer, so the best backup wins the race. */
    public Duration skewTime() {
        if (settings.version() == VrrpVersion.V2) {
            return Duration.ofNanos((256L - priority) * 1_000_000_000L / 256);
        }
        return Duration.ofNanos((256L - priority) * masterAdverCentis * 10_000_000L / 256);
    }

    /** The Startup event. */
    public void start() {
        if (running) {
            return;
        }
        running = true;
        if (faulty) {
            enter(VrrpState.FAULT, "startup with a failed check");
        } else if (priority == RouterSettings.OWNER_PRIORITY) {
            becomeMaster("address owner (priority 255)");
        } else {
            becomeBackup(settings.advertCentis(), "startup");
        }
    }

    /** The Shutdown event: a master says goodbye with priority 0 so a backup takes over at once. */
    public void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        cancelTimers();
        if (state == VrrpState.MASTER) {
            actions.sendAdvertisement(0);
            actions.leaveMaster();
        }
        enter(VrrpState.INITIALIZE, "shutdown");
    }

    /**
     * An advertisement for our VRID that passed the packet checks.
     *
     * @param intervalCentis the sender's advertisement interval (ignored for VRRPv2)
     */
    public void advertisementReceived(InetAddress source, int senderPriority, int intervalCentis) {
        if (!running) {
            return;
        }
        switch (state) {
            case BACKUP -> backupReceived(source, senderPriority, intervalCentis);
            case MASTER -> masterReceived(source, senderPriority, intervalCentis);
            case INITIALIZE, FAULT -> {}
        }
    }

    /** Tracked checks moved the effective priority; the next advertisement carries it. */
    public void priorityChanged(int effectivePriority) {
        if (settings.basePriority() == RouterSettings.OWNER_PRIORITY) {
            return; // the owner's priority is fixed, as in keepalived
        }
        priority = Math.max(1, Math.min(254, effectivePriority));
    }

    /** An unweighted check failed ({@code true}) or every such check recovered ({@code false}). */
    public void faultChanged(boolean nowFaulty, String reason) {
        if (faulty == nowFaulty) {
            return;
        }
        faulty = nowFaulty;
        if (!running) {
            return;
        }
        if (nowFaulty) {
            boolean wasMaster = state == VrrpState.MASTER;
            cancelTimers();
            if (wasMaster) {
                actions.sendAdvertisement(0);
                actions.leaveMaster();
            }
            enter(VrrpState.FAULT, reason);
        } else if (state == VrrpState.FAULT) {
            becomeBackup(settings.advertCentis(), reason);
        }
    }

    private void backupReceived(InetAddress source, int senderPriority, int intervalCentis) {
        if (senderPriority == 0) {
            // The master is leaving: take over after only the skew, so the best backup wins.
            restartMasterDownTimer(skewTime());
            return;
        }
        boolean lower = senderPriority < priority;
        if (!settings.preempt() || !lower) {
            lowerPriorityMasterSince = -1;
            learnInterval(intervalCentis);
            restartMasterDownTimer(masterDownInterval());
            return;
        }
        if (!settings.preemptDelay().isZero()) {
            long now = scheduler.nanoTime();
            if (lowerPriorityMasterSince < 0) {
                lowerPriorityMasterSince = now;
            }
            if (now - lowerPriorityMasterSince < settings.preemptDelay().toNanos()) {
                learnInterval(intervalCentis);
                restartMasterDownTimer(masterDownInterval());
            }
        }
        // Otherwise discard: the down timer runs out and we preempt the lower-priority master.
    }

    private void masterReceived(InetAddress source, int senderPriority, int intervalCentis) {
        if (senderPriority == 0) {
            actions.sendAdvertisement(priority);
            restartAdverTimer();
            return;
        }
        boolean higher = senderPriority > priority
                || (senderPriority == priority && compare(source, settings.localAddress()) > 0);
        if (higher) {
            cancelTimers();
            actions.leaveMaster();
            becomeBackup(
                    intervalCentis, "higher priority master " + source.getHostAddress() + " (" + senderPriority + ")");
            return;
        }
        reassert();
    }

    /**
     * Another master with a lower priority (or losing the address tie-break) exists: the loser of a
     * simultaneous takeover, or the other side of a healed partition. It leaves on our next
     * advertisement, so send one now; and its gratuitous ARP may have pointed neighbours at it, so
     * announce the addresses again, now and one interval later (after the loser's own
     * announcements). As keepalived's {@code garp_lower_prio_repeat}, at most once a second.
     */
    private void reassert() {
        actions.sendAdvertisement(priority);
        restartAdverTimer();
        long now = scheduler.nanoTime();
        if (lastReassertion != Long.MIN_VALUE && now - lastReassertion < REASSERT_EVERY.toNanos()) {
            return;
        }
        lastReassertion = now;
        actions.reannounce();
        scheduler.schedule(centis(settings.advertCentis()), () -> {
            if (state == VrrpState.MASTER && running) {
                actions.reannounce();
            }
        });
    }

    private void becomeMaster(String reason) {
        cancelTimers();
        lowerPriorityMasterSince = -1;
        actions.sendAdvertisement(priority);
        actions.becomeMaster();
        enter(VrrpState.MASTER, reason);
        restartAdverTimer();
    }

    private void becomeBackup(int intervalCentis, String reason) {
        learnInterval(intervalCentis);
        enter(VrrpState.BACKUP, reason);
        restartMasterDownTimer(masterDownInterval());
    }

    private void learnInterval(int intervalCentis) {
        if (settings.version() == VrrpVersion.V3 && intervalCentis > 0) {
            masterAdverCentis = intervalCentis;
        }
    }

    private void restartAdverTimer() {
        if (adverTimer != null) {
            adverTimer.cancel();
        }
        adverTimer = scheduler.schedule(centis(settings.advertCentis()), () -> {
            if (state == VrrpState.MASTER && running) {
                actions.sendAdvertisement(priority);
                restartAdverTimer();
            }
        });
    }

    private void restartMasterDownTimer(Duration delay) {
        if (masterDownTimer != null) {
            masterDownTimer.cancel();
        }
        masterDownTimer = scheduler.schedule(delay, () -> {
            if (state == VrrpState.BACKUP && running) {
                becomeMaster("master down timer expired after " + delay.toMillis() + " ms");
            }
        });
    }

    private void cancelTimers() {
        if (adverTimer != null) {
            adverTimer.cancel();
            adverTimer = null;
        }
        if (masterDownTimer != null) {
            masterDownTimer.cancel();
            masterDownTimer = null;
        }
    }

    private void enter(VrrpState next, String reason) {
        VrrpState previous = state;
        state = next;
        if (previous != next) {
            actions.transitioned(previous, next, priority, reason);
        }
    }

    /** The current master's advertisement interval (learnt from it in VRRPv3). */
    public Optional<Duration> masterAdvertisementInterval() {
        return state == VrrpState.BACKUP ? Optional.of(centis(masterAdverCentis)) : Optional.empty();
    }

    private static Duration centis(long centis) {
        return Duration.ofMillis(centis * 10);
    }

    /** Compares addresses as unsigned numbers, as RFC 5798 compares primary addresses. */
    static int compare(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
