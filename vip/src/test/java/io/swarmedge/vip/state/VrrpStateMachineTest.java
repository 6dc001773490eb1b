package io.swarmedge.vip.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.vip.packet.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpStateMachineTest {
    private static final InetAddress LOCAL = InetAddress.ofLiteral("10.0.0.2");
    private static final InetAddress LOWER_PEER = InetAddress.ofLiteral("10.0.0.1");
    private static final InetAddress HIGHER_PEER = InetAddress.ofLiteral("10.0.0.3");

    private final VirtualScheduler clock = new VirtualScheduler();
    private final Recorder actions = new Recorder();

    private static final class Recorder implements RouterActions {
        final List<Integer> sent = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final List<VrrpState> states = new ArrayList<>();

        @Override
        public void sendAdvertisement(int priority) {
            sent.add(priority);
        }

        @Override
        public void becomeMaster() {
            events.add("up");
        }

        @Override
        public void reannounce() {
            events.add("garp");
        }

        @Override
        public void leaveMaster() {
            events.add("down");
        }

        @Override
        public void transitioned(VrrpState from, VrrpState to, int priority, String reason) {
            states.add(to);
        }
    }

    private VrrpStateMachine machine(int priority, boolean preempt, Duration preemptDelay) {
        return new VrrpStateMachine(
                new RouterSettings(VrrpVersion.V3, 51, priority, 100, preempt, preemptDelay, LOCAL), clock, actions);
    }

    @Test
    void aLoneBackupBecomesMasterAfterThreeIntervalsPlusSkew() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        // Master_Down_Interval = 3 × 1 s + (256 − 100) × 1 s / 256 = 3.609375 s
        assertThat(m.masterDownInterval()).isEqualTo(Duration.ofNanos(3_609_375_000L));
        clock.advance(Duration.ofMillis(3609));
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        clock.advance(Duration.ofMillis(1));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.events).containsExactly("up");
        assertThat(actions.sent).containsExactly(100);
        clock.advance(Duration.ofSeconds(3));
        assertThat(actions.sent).containsExactly(100, 100, 100, 100);
    }

    @Test
    void theAddressOwnerIsMasterAtOnce() {
        VrrpStateMachine m = machine(255, true, Duration.ZERO);
        m.start();
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.sent).containsExactly(255);
    }

    @Test
    void adversFromAHigherMasterKeepABackupWaiting() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(1));
            m.advertisementReceived(HIGHER_PEER, 200, 100);
        }
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        // The master dies: the backup takes over one Master_Down_Interval after its last advert.
        Duration down = m.masterDownInterval();
        clock.advance(down.minusMillis(1));
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        clock.advance(Duration.ofMillis(1));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aBackupLearnsTheMastersIntervalInVersion3() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        m.advertisementReceived(HIGHER_PEER, 200, 10);
        assertThat(m.masterDownInterval()).isEqualTo(Duration.ofMillis(300).plusNanos(156L * 100_000_000 / 256));
    }

    @Test
    void aMasterStepsDownForAHigherPriority() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        clock.advance(Duration.ofSeconds(4));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        m.advertisementReceived(LOWER_PEER, 120, 100);
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        assertThat(actions.events).containsExactly("up", "down");
    }

    @Test
    void onEqualPriorityTheHigherAddressWins() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        clock.advance(Duration.ofSeconds(4));
        m.advertisementReceived(LOWER_PEER, 100, 100);
        assertThat(m.state()).as("a lower address does not displace us").isEqualTo(VrrpState.MASTER);
        m.advertisementReceived(HIGHER_PEER, 100, 100);
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void shutdownSendsPriorityZeroAndABackupTakesOverAfterOnlyTheSkew() {
        VrrpStateMachine master = machine(100, true, Duration.ZERO);
        master.start();
        clock.advance(Duration.ofSeconds(4));
        master.shutdown();
        assertThat(actions.sent.getLast()).isZero();
        assertThat(master.state()).isEqualTo(VrrpState.INITIALIZE);
        assertThat(actions.events).containsExactly("up", "down");

        Recorder other = new Recorder();
        VrrpStateMachine backup = new VrrpStateMachine(
                new RouterSettings(VrrpVersion.V3, 51, 100, 100, true, Duration.ZERO, LOCAL), clock, other);
        backup.start();
        backup.advertisementReceived(HIGHER_PEER, 200, 100);
        backup.advertisementReceived(HIGHER_PEER, 0, 100);
        clock.advance(backup.skewTime());
        assertThat(backup.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aHigherPriorityBackupPreemptsALowerMaster() {
        VrrpStateMachine m = machine(150, true, Duration.ZERO);
        m.start();
        for (int i = 0; i < 3; i++) {
            m.advertisementReceived(LOWER_PEER, 100, 100);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofMillis(500));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void nopreemptLeavesALowerMasterAlone() {
        VrrpStateMachine m = machine(150, false, Duration.ZERO);
        m.start();
        for (int i = 0; i < 30; i++) {
            m.advertisementReceived(LOWER_PEER, 100, 100);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void preemptDelayWaitsBeforeTakingOver() {
        VrrpStateMachine m = machine(150, true, Duration.ofSeconds(10));
        m.start();
        for (int i = 0; i < 9; i++) {
            m.advertisementReceived(LOWER_PEER, 100, 100);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        for (int i = 0; i < 6; i++) {
            m.advertisementReceived(LOWER_PEER, 100, 100);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        assertThat(clock.elapsed()).isLessThan(Duration.ofSeconds(16));
    }

    @Test
    void aFailedUnweightedCheckForcesFaultAndRecoveryReturnsToBackup() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        clock.advance(Duration.ofSeconds(4));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        m.faultChanged(true, "check failed");
        assertThat(m.state()).isEqualTo(VrrpState.FAULT);
        assertThat(actions.sent.getLast()).isZero();
        assertThat(actions.events).containsExactly("up", "down");
        clock.advance(Duration.ofSeconds(30));
        assertThat(m.state()).as("no timers run in FAULT").isEqualTo(VrrpState.FAULT);
        m.faultChanged(false, "recovered");
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
        clock.advance(Duration.ofSeconds(4));
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.states)
                .containsExactly(
                        VrrpState.BACKUP, VrrpState.MASTER, VrrpState.FAULT, VrrpState.BACKUP, VrrpState.MASTER);
    }

    @Test
    void aLoweredPriorityIsAdvertisedAndLetsABackupPreempt() {
        VrrpStateMachine m = machine(150, true, Duration.ZERO);
        m.start();
        clock.advance(Duration.ofSeconds(4));
        m.priorityChanged(150 - 60);
        clock.advance(Duration.ofSeconds(1));
        assertThat(actions.sent.getLast()).isEqualTo(90);
        m.advertisementReceived(HIGHER_PEER, 100, 100);
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void effectivePriorityStaysWithinOneTo254AndTheOwnerIsFixed() {
        VrrpStateMachine m = machine(200, true, Duration.ZERO);
        m.priorityChanged(400);
        assertThat(m.priority()).isEqualTo(254);
        m.priorityChanged(-5);
        assertThat(m.priority()).isEqualTo(1);
        VrrpStateMachine owner = machine(255, true, Duration.ZERO);
        owner.priorityChanged(100);
        assertThat(owner.priority()).isEqualTo(255);
    }

    @Test
    void version2UsesWholeSecondSkew() {
        VrrpStateMachine m = new VrrpStateMachine(
                new RouterSettings(VrrpVersion.V2, 51, 100, 100, true, Duration.ZERO, LOCAL), clock, actions);
        m.start();
        m.advertisementReceived(HIGHER_PEER, 200, 10);
        assertThat(m.masterDownInterval())
                .as("VRRPv2 never learns the interval")
                .isEqualTo(Duration.ofNanos(3_609_375_000L));
    }

    @Test
    void aFailedCheckAtStartupMeansFaultWithoutEverAdvertising() {
        VrrpStateMachine m = machine(150, true, Duration.ZERO);
        m.faultChanged(true, "check \"proxy\" has no result yet");
        m.start();
        assertThat(m.state()).isEqualTo(VrrpState.FAULT);
        clock.advance(Duration.ofSeconds(30));
        assertThat(m.state()).isEqualTo(VrrpState.FAULT);
        assertThat(actions.sent).isEmpty();
        assertThat(actions.events).isEmpty();
        m.faultChanged(false, "checks recovered");
        assertThat(m.state()).isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void aFaultWhileMasterSendsPriorityZeroBeforeReleasingTheAddresses() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        clock.advance(Duration.ofSeconds(4));
        actions.sent.clear();
        m.faultChanged(true, "check \"proxy\" failed");
        assertThat(actions.sent).containsExactly(0);
        assertThat(actions.events).containsExactly("up", "down");
        clock.advance(Duration.ofSeconds(5));
        assertThat(actions.sent).as("no advertisements in FAULT").containsExactly(0);
    }

    @Test
    void aMasterSeeingALowerMasterAdvertisesAndAnnouncesAgainAtMostOnceASecond() {
        VrrpStateMachine m = machine(100, true, Duration.ZERO);
        m.start();
        clock.advance(Duration.ofSeconds(4));
        actions.sent.clear();
        m.advertisementReceived(LOWER_PEER, 100, 100);
        assertThat(m.state()).isEqualTo(VrrpState.MASTER);
        assertThat(actions.sent).as("answered at once").containsExactly(100);
        assertThat(actions.events).containsExactly("up", "garp");
        m.advertisementReceived(LOWER_PEER, 90, 100);
        assertThat(actions.sent).containsExactly(100, 100);
        assertThat(actions.events).as("rate limited").containsExactly("up", "garp");
        clock.advance(Duration.ofSeconds(1));
        assertThat(actions.events)
                .as("announced again one interval later, after the loser's own announcements")
                .containsExactly("up", "garp", "garp");
        clock.advance(Duration.ofMillis(10));
        m.advertisementReceived(LOWER_PEER, 90, 100);
        assertThat(actions.events).endsWith("garp", "garp", "garp");
    }
}
