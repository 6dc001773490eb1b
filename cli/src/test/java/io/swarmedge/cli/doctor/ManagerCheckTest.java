package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagerCheckTest {
    private final ManagerCheck check = new ManagerCheck();

    @Test
    void oneManagerHasNoFaultTolerance() {
        List<Finding> findings = check.check(Snapshots.recorded().edge());

        assertThat(findings).extracting(Finding::status).containsExactly(Status.WARN, Status.OK);
        assertThat(findings.get(0).message()).contains("1 manager (vm), quorum 1: no fault tolerance");
        assertThat(findings.get(0).fix()).contains("3 managers survive the loss of 1");
        assertThat(findings.get(1).message()).isEqualTo("leader: vm");
    }

    @Test
    void twoManagersAreWorseThanOne() {
        List<Finding> findings = check.check(Snapshots.recorded()
                .addNode("m2", "manager", "active", "ready", "reachable")
                .edge());

        assertThat(findings.getFirst().status()).isEqualTo(Status.WARN);
        assertThat(findings.getFirst().message()).contains("2 managers", "quorum 2", "losing either one");
    }

    @Test
    void threeManagersTolerateOneFailureAndAnUnreachableOneIsNamed() {
        List<Finding> findings = check.check(Snapshots.recorded()
                .addNode("m2", "manager", "active", "ready", "reachable")
                .addNode("m3", "manager", "active", "down", "unreachable")
                .addNode("w1", "worker", "active", "ready", "")
                .edge());

        assertThat(findings.getFirst().status()).isEqualTo(Status.OK);
        assertThat(findings.getFirst().message()).contains("3 managers (vm, m2, m3), quorum 2, tolerates 1 failure");
        assertThat(Snapshots.of(findings, Status.FAIL)).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("manager m3", "unreachable", "node down");
            assertThat(f.fix()).contains("docker node demote m3");
        });
    }

    @Test
    void losingTheQuorumFails() {
        List<Finding> findings = check.check(Snapshots.recorded()
                .addNode("m2", "manager", "active", "down", "unreachable")
                .addNode("m3", "manager", "active", "down", "unreachable")
                .edge());

        assertThat(Snapshots.of(findings, Status.FAIL))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("quorum lost: 1 of 3 managers reachable, 2 needed"));
    }

    @Test
    void anEvenCountAddsNothing() {
        List<Finding> findings = check.check(Snapshots.recorded()
                .addNode("m2", "manager", "active", "ready", "reachable")
                .addNode("m3", "manager", "active", "ready", "reachable")
                .addNode("m4", "manager", "active", "ready", "reachable")
                .edge());

        assertThat(findings.getFirst().status()).isEqualTo(Status.WARN);
        assertThat(findings.getFirst().message()).contains("4 managers", "no more failures than 3 managers");
    }

    @Test
    void noLeaderFails() {
        Snapshots cluster = Snapshots.recorded();
        cluster.node(Snapshots.VM).withObjectProperty("ManagerStatus").put("Leader", false);

        assertThat(Snapshots.of(check.check(cluster.edge()), Status.FAIL))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("no manager is the leader"));
    }

    @Test
    void aOneSecondHeartbeatWarnsThatLosingTheLeaderRestartsEveryTask() {
        List<Finding> findings = check.check(
                Snapshots.recorded().dispatcherHeartbeat(Duration.ofSeconds(1)).edge());

        assertThat(findings.getLast().status()).isEqualTo(Status.WARN);
        assertThat(findings.getLast().message())
                .contains("dispatcher heartbeat 1 s", "within 6 s", "every node declared down", "tasks restarted");
        assertThat(findings.getLast().fix()).startsWith("docker swarm update --dispatcher-heartbeat 5s");
    }

    @Test
    void dockersDefaultHeartbeatIsFine() {
        List<Finding> findings = check.check(
                Snapshots.recorded().dispatcherHeartbeat(Duration.ofSeconds(5)).edge());

        assertThat(findings.getLast()).isEqualTo(Finding.ok("managers", "dispatcher heartbeat 5 s"));
    }

    @Test
    void aSubSecondHeartbeatIsShownWithItsFraction() {
        List<Finding> findings = check.check(Snapshots.recorded()
                .dispatcherHeartbeat(Duration.ofMillis(2500))
                .edge());

        assertThat(findings.getLast().message()).contains("heartbeat 2.5 s", "within 15 s");
    }
}
