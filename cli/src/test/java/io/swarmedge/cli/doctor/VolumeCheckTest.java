package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeCheckTest {
    private final VolumeCheck check = new VolumeCheck();
    private static final String APP_TASK = "zhhckg";

    private static ClusterSnapshot probed(ClusterSnapshot snapshot, VolumeProbe... probes) {
        String task = snapshot.tasks().stream()
                .filter(t -> t.id().startsWith(APP_TASK))
                .findFirst()
                .orElseThrow()
                .id();
        List<VolumeProbe> withIds = java.util.Arrays.stream(probes)
                .map(p -> new VolumeProbe(task, p.target(), p.outcome(), p.detail()))
                .toList();
        return snapshot.withObservations(VipObservation.given(List.of()), CertificateInventory.empty(), withIds);
    }

    @Test
    void writableAndReadOnlyMountsAreOk() {
        List<Finding> findings = check.check(probed(
                Snapshots.recorded().edge(),
                new VolumeProbe("", "/data", VolumeProbe.Outcome.WRITABLE, "a file was created and removed"),
                new VolumeProbe("", "/ro", VolumeProbe.Outcome.READ_ONLY, "volume ro present")));

        assertThat(findings).extracting(Finding::status).containsExactly(Status.OK, Status.OK);
        assertThat(findings.get(0).message())
                .isEqualTo(
                        "edge_app data:/data (local volume) on vm: mounted and writable (a file was created and removed)");
        assertThat(findings.get(1).message()).contains("mounted read-only, as declared");
    }

    @Test
    void notWritableAndNotMountedFailNotCheckedWarns() {
        List<Finding> findings = check.check(probed(
                Snapshots.recorded().edge(),
                new VolumeProbe("", "/data", VolumeProbe.Outcome.NOT_WRITABLE, "creating a file failed (exit 2)"),
                new VolumeProbe("", "/ro", VolumeProbe.Outcome.NOT_CHECKED, "the image has no sh to test with")));

        assertThat(findings).extracting(Finding::status).containsExactly(Status.FAIL, Status.WARN);
        assertThat(findings.get(1).message()).contains("could not be checked: the image has no sh");
    }

    @Test
    void anNfsVolumeThatCannotBeMountedFailsWithTheEnginesWords() {
        List<Finding> findings = check.check(Snapshots.recorded().snapshot("web", "broken"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.message())
                    .startsWith("broken_wp nfs:/var/www (NFS 127.0.0.1:/export): a task on vm could not mount it:")
                    .contains("failed to mount local volume", "no such device");
            assertThat(f.fix()).contains("nfs-common");
        });
    }

    @Test
    void localVolumesOfUnpinnedServicesWarnOnSeveralNodes() {
        ClusterSnapshot snapshot = Snapshots.recorded()
                .addNode("m2", "manager", "active", "ready", "reachable")
                .edge();

        List<Finding> findings = check.check(probed(
                snapshot,
                new VolumeProbe("", "/data", VolumeProbe.Outcome.WRITABLE, "ok"),
                new VolumeProbe("", "/ro", VolumeProbe.Outcome.READ_ONLY, "ok")));

        assertThat(Snapshots.of(findings, Status.WARN))
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).contains("is local to each node"));
    }

    @Test
    void tasksOnOtherNodesAreNotLookedAt() {
        List<Finding> findings = check.check(Snapshots.recorded().edge());

        assertThat(findings).extracting(Finding::status).containsOnly(Status.WARN);
        assertThat(findings.getFirst().fix()).contains("--host");
    }
}
