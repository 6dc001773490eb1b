package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCheckTest {
    private final NetworkCheck check = new NetworkCheck();

    @Test
    void aMissingNetworkFailsWithTheCommandThatCreatesIt() {
        List<Finding> findings = check.check(Snapshots.recorded().snapshot("web-servers", "edge"));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.message()).contains("network web-servers does not exist");
            assertThat(f.fix())
                    .startsWith("docker network create --driver overlay --attachable --opt encrypted web-servers");
        });
    }

    @Test
    void anUnencryptedNetworkIsFineOnOneNodeOnly() {
        Snapshots cluster = Snapshots.recorded();
        assertThat(check.check(cluster.edge())).extracting(Finding::status).containsOnly(Status.OK);
        assertThat(check.check(cluster.edge()).getLast().message()).contains("with a single node nothing crosses");

        List<Finding> threeNodes = check.check(cluster.addNode("m2", "manager", "active", "ready", "reachable")
                .addNode("m3", "manager", "active", "ready", "reachable")
                .edge());
        assertThat(Snapshots.of(threeNodes, Status.WARN)).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("not encrypted", "plain VXLAN", "read and inject");
            assertThat(f.fix()).contains("--opt encrypted web", "ESP");
        });
    }

    @Test
    void anEncryptedAttachableOverlayIsOk() {
        Snapshots cluster = Snapshots.recorded().addNode("m2", "manager", "active", "ready", "reachable");
        cluster.network("web").withObjectProperty("Options").put("encrypted", "");

        List<Finding> findings = check.check(cluster.edge());

        assertThat(findings).extracting(Finding::status).containsOnly(Status.OK);
        assertThat(findings.getLast().message()).contains("is encrypted (IPsec between nodes)");
    }

    @Test
    void notAttachableWarnsAndALocalNetworkFails() {
        Snapshots cluster = Snapshots.recorded();
        cluster.network("web").put("Attachable", false);
        assertThat(Snapshots.of(check.check(cluster.edge()), Status.WARN))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not attachable"));

        assertThat(check.check(Snapshots.recorded().snapshot("bridge", "edge")))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(Status.FAIL);
                    assertThat(f.message()).contains("is a local bridge network");
                });
    }
}
