package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotParserTest {
    @Test
    void readsTheRecordedAnswers() {
        ClusterSnapshot snapshot = Snapshots.recorded().snapshot("web");

        assertThat(snapshot.engine().apiVersion()).isEqualTo("1.41");
        assertThat(snapshot.engine().nodeId()).isEqualTo(Snapshots.VM);
        assertThat(snapshot.engine().manager()).isTrue();
        assertThat(snapshot.nodes()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("vm");
            assertThat(n.leader()).isTrue();
            assertThat(n.schedulable()).isTrue();
            assertThat(n.engineVersion()).isEqualTo("20.10.24+dfsg1");
        });
        assertThat(snapshot.services()).hasSize(7);
        ServiceInfo vip = snapshot.services().stream()
                .filter(s -> s.name().equals("edge_vip"))
                .findFirst()
                .orElseThrow();
        assertThat(vip.hostNetwork()).isTrue();
        assertThat(vip.global()).isTrue();
        assertThat(vip.stack()).isEqualTo("edge");
        assertThat(vip.arguments("--vip")).containsExactly("192.0.2.250/24");
        assertThat(vip.argument("--metrics")).isEqualTo("0.0.0.0:19105");
        assertThat(vip.constraints()).containsExactly("node.role==manager");
        ServiceInfo wp = snapshot.services().stream()
                .filter(s -> s.name().equals("broken_wp"))
                .findFirst()
                .orElseThrow();
        assertThat(wp.mounts()).singleElement().satisfies(m -> {
            assertThat(m.isNfs()).isTrue();
            assertThat(m.nfsExport()).isEqualTo("127.0.0.1:/export");
            assertThat(m.target()).isEqualTo("/var/www");
        });
        ServiceInfo leaky = snapshot.services().stream()
                .filter(s -> s.name().equals("broken_socket-proxy"))
                .findFirst()
                .orElseThrow();
        assertThat(leaky.ports()).singleElement().hasToString("12375->2375/tcp (host)");
        assertThat(snapshot.network("web")).hasValueSatisfying(n -> {
            assertThat(n.attachable()).isTrue();
            assertThat(n.encrypted()).isFalse();
            assertThat(n.scope()).isEqualTo("swarm");
        });
        assertThat(snapshot.tasks()).anySatisfy(t -> assertThat(t.error()).startsWith("No such image"));
    }
}
