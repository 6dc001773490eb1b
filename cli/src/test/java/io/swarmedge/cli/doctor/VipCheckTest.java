package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VipCheckTest {
    private final VipCheck check = new VipCheck();

    private static ClusterSnapshot observed(ClusterSnapshot snapshot, VipProbe... probes) {
        return snapshot.withObservations(
                new VipObservation(List.of("192.0.2.250"), "", List.of(probes)),
                CertificateInventory.empty(),
                List.of());
    }

    private static VipProbe probe(String node, int state) {
        return new VipProbe(node, "http://" + node + ":19105/metrics", Map.of("edge", state), "");
    }

    @Test
    void oneHolderThatRunsTheProxyIsOk() {
        List<Finding> findings = check.check(observed(Snapshots.recorded().edge(), probe(Snapshots.VM, 2)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.OK);
            assertThat(f.message()).isEqualTo("VIP 192.0.2.250 is held by vm, ready and running the proxy");
        });
    }

    @Test
    void twoHoldersAreASplitBrain() {
        Snapshots cluster = Snapshots.recorded().addNode("m2", "manager", "active", "ready", "reachable");

        List<Finding> findings = check.check(observed(cluster.edge(), probe(Snapshots.VM, 2), probe("m2", 2)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.message()).contains("claimed by 2 nodes (vm MASTER, m2 MASTER): split brain");
            assertThat(f.fix()).contains("IP protocol 112");
        });
    }

    @Test
    void noHolderFailsAndNamesTheStates() {
        Snapshots cluster = Snapshots.recorded().addNode("m2", "manager", "active", "ready", "reachable");

        List<Finding> findings = check.check(observed(cluster.edge(), probe(Snapshots.VM, 3), probe("m2", 1)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.message()).contains("held by no node (vm FAULT, m2 BACKUP)");
        });
    }

    @Test
    void aHolderWithoutAProxyTaskFails() {
        Snapshots cluster = Snapshots.recorded().addNode("m2", "manager", "active", "ready", "reachable");

        List<Finding> findings = check.check(observed(cluster.edge(), probe(Snapshots.VM, 1), probe("m2", 2)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.message()).contains("held by m2, which runs no proxy task");
        });
    }

    @Test
    void aSilentNodeIsNamedAndTheHolderStillFound() {
        Snapshots cluster = Snapshots.recorded().addNode("m2", "manager", "active", "ready", "reachable");
        VipProbe silent = new VipProbe("m2", "http://192.0.2.11:19105/metrics", Map.of(), "ConnectException");

        List<Finding> findings = check.check(observed(cluster.edge(), probe(Snapshots.VM, 2), silent));

        assertThat(findings).extracting(Finding::status).containsExactly(Status.WARN, Status.OK);
        assertThat(findings.getFirst().message()).contains("vip on m2: http://192.0.2.11:19105/metrics did not answer");
    }

    @Test
    void withoutAddressesOrMetricsTheDoctorSaysWhatItCouldNotTell() {
        List<Finding> findings = check.check(Snapshots.recorded()
                .edge()
                .withObservations(
                        new VipObservation(
                                List.of(), "edge_vip has no --vip, --config or --keepalived-conf", List.of()),
                        CertificateInventory.empty(),
                        List.of()));

        assertThat(findings).extracting(Finding::status).containsExactly(Status.WARN, Status.WARN);
        assertThat(findings.getFirst().message())
                .isEqualTo("the vip service's addresses were not found: edge_vip has no --vip, --config or"
                        + " --keepalived-conf");
        assertThat(findings.get(1).message()).startsWith("the VIP: the holder could not be determined: no vip task");
    }

    @Test
    void withoutMetricsTheHolderCannotBeDetermined() {
        Snapshots cluster = Snapshots.recorded();
        var args = (com.fasterxml.jackson.databind.node.ArrayNode) cluster.service("edge_vip")
                .path("Spec")
                .path("TaskTemplate")
                .path("ContainerSpec")
                .path("Args");
        args.removeAll();
        args.add("vip").add("--vip").add("192.0.2.250/24");

        List<Finding> findings = check.check(observed(cluster.edge()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.message())
                    .isEqualTo(
                            "VIP 192.0.2.250: the holder could not be determined: vip service edge_vip serves no metrics"
                                    + " (no --metrics in its command)");
            assertThat(f.fix()).contains("--metrics 0.0.0.0:9105");
        });
    }

    @Test
    void keepalivedIsRecognisedButCannotBeAsked() {
        Snapshots cluster = Snapshots.recorded();
        var container = (com.fasterxml.jackson.databind.node.ObjectNode)
                cluster.service("edge_vip").path("Spec").path("TaskTemplate").path("ContainerSpec");
        container.put("Image", "osixia/keepalived:2.0.20");
        container.withArrayProperty("Args").removeAll();

        List<Finding> findings = check.check(observed(cluster.edge()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.message()).contains("keepalived (edge_vip) exposes no VRRP state over the network");
            assertThat(f.fix()).contains("swarmedge vip --keepalived-conf");
        });
    }
}
