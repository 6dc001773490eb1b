package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyTasksCheckTest {
    private final ProxyTasksCheck check = new ProxyTasksCheck();

    @Test
    void oneRunningTaskOnTheOnlyManagerIsOk() {
        assertThat(check.check(Snapshots.recorded().edge())).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.OK);
            assertThat(f.message()).startsWith("proxy edge_proxy on vm: 1 task running");
        });
    }

    @Test
    void aMissingImageIsNamedWithItsFix() {
        assertThat(check.check(Snapshots.recorded().snapshot("web", "broken")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(Status.FAIL);
                    assertThat(f.message())
                            .contains("proxy broken_proxy on vm: no running task (last task rejected: No such image:"
                                    + " doctortest-missing:1)");
                    assertThat(f.fix()).contains("the image doctortest-missing:1 is missing on vm");
                });
    }

    @Test
    void everyEligibleNodeNeedsOneAndDrainedWorkersAndNodesAreNotExpected() {
        Snapshots cluster = Snapshots.recorded()
                .addNode("m2", "manager", "active", "ready", "reachable")
                .addNode("m3", "manager", "active", "ready", "reachable")
                .addNode("m4", "manager", "drain", "ready", "reachable")
                .addNode("w1", "worker", "active", "ready", "")
                .runTaskOn("edge_proxy", "m2");

        List<Finding> findings = check.check(cluster.edge());

        assertThat(findings).extracting(Finding::status).containsExactly(Status.OK, Status.OK, Status.FAIL);
        assertThat(findings.get(2).message()).startsWith("proxy edge_proxy on m3: no running task");
    }

    @Test
    void noProxyAtAllFails() {
        assertThat(check.check(Snapshots.recorded().snapshot("web", "nosuchstack")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(Status.FAIL);
                    assertThat(f.message()).startsWith("no proxy service found in stack nosuchstack");
                });
    }
}
