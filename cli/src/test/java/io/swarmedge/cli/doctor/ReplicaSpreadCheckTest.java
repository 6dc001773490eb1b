package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSpreadCheckTest {
    private static Snapshots twoAppReplicas(Snapshots snapshots) {
        ObjectNode replicated = (ObjectNode)
                snapshots.service("edge_app").get("Spec").get("Mode").get("Replicated");
        replicated.put("Replicas", 2);
        return snapshots;
    }

    @Test
    void replicasTogetherOnOneNodeAreAWarningWithTheWayToSpreadThem() {
        Snapshots snapshots = twoAppReplicas(Snapshots.recorded())
                .addNode("other", "manager", "active", "ready", "reachable")
                .runTaskOn("edge_app", Snapshots.VM);

        List<Finding> findings = new ReplicaSpreadCheck().check(snapshots.edge());

        assertThat(findings).extracting(Finding::status).containsExactly(Status.WARN);
        assertThat(findings.getFirst().message())
                .isEqualTo("edge_app: its 2 tasks all run on vm: losing that node stops the service until Swarm"
                        + " reschedules it");
        assertThat(findings.getFirst().fix())
                .contains("docker service update --force edge_app", "max_replicas_per_node: 1");
    }

    @Test
    void replicasOnTwoNodesAreFine() {
        Snapshots snapshots = twoAppReplicas(Snapshots.recorded())
                .addNode("other", "manager", "active", "ready", "reachable")
                .runTaskOn("edge_app", "other");

        List<Finding> findings = new ReplicaSpreadCheck().check(snapshots.edge());

        assertThat(findings).extracting(Finding::status).containsExactly(Status.OK);
        assertThat(findings.getFirst().message())
                .isEqualTo("1 service(s) with several replicas: none runs them all on one node");
    }

    @Test
    void onASingleSchedulableNodeThereIsNowhereToSpreadTo() {
        Snapshots snapshots = twoAppReplicas(Snapshots.recorded())
                .addNode("drained", "manager", "drain", "ready", "reachable")
                .runTaskOn("edge_app", Snapshots.VM);

        List<Finding> findings = new ReplicaSpreadCheck().check(snapshots.edge());

        assertThat(findings).extracting(Finding::status).containsExactly(Status.OK);
        assertThat(findings.getFirst().message())
                .isEqualTo("edge_app: its 2 tasks run on vm, the only node that takes tasks");
    }

    @Test
    void singleReplicasAndGlobalServicesAreNotThisChecksBusiness() {
        List<Finding> findings =
                new ReplicaSpreadCheck().check(Snapshots.recorded().edge());

        assertThat(findings).extracting(Finding::status).containsExactly(Status.OK);
        assertThat(findings.getFirst().message()).isEqualTo("no service with several replicas in stack edge");
    }
}
