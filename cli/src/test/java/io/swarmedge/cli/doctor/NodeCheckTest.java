package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCheckTest {
    @Test
    void everyNodeGetsALineSayingWhatItIsAndWhatToDo() {
        List<Finding> findings = new NodeCheck()
                .check(Snapshots.recorded()
                        .addNode("drained", "manager", "drain", "ready", "reachable")
                        .addNode("paused", "worker", "pause", "ready", "")
                        .addNode("gone", "worker", "active", "down", "")
                        .edge());

        assertThat(findings)
                .extracting(Finding::status)
                .containsExactly(Status.OK, Status.WARN, Status.WARN, Status.FAIL);
        assertThat(findings.get(0).message()).isEqualTo("vm (manager, leader, 127.0.0.1) is ready and active");
        assertThat(findings.get(1).message()).contains("drained (manager", "is drained: it runs no service tasks");
        assertThat(findings.get(1).fix())
                .isEqualTo("when its maintenance is done: docker node update --availability active drained");
        assertThat(findings.get(2).message()).contains("paused");
        assertThat(findings.get(3).message()).contains("gone (worker", "is down");
        assertThat(findings.get(3).fix()).contains("docker node rm gone");
    }
}
