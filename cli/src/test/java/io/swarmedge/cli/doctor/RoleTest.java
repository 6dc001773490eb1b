package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleTest {
    private static ServiceInfo service(String image, List<String> words, Map<String, String> labels) {
        return new ServiceInfo(
                "id", "s", image, words, labels, "", false, 1, List.of(), List.of(), List.of(), List.of(), Map.of(),
                false, "");
    }

    @Test
    void swarmedgesRoleWordsLabelsAndSeedImagesAreRecognised() {
        assertThat(Role.of(service("swarmedge:latest", List.of("socket-proxy", "--profile", "edge"), Map.of())))
                .isEqualTo(Role.SOCKET_PROXY);
        assertThat(Role.of(service("swarmedge:latest", List.of("/usr/local/bin/swarmedge", "proxy"), Map.of())))
                .isEqualTo(Role.PROXY);
        assertThat(Role.of(service("swarmedge:latest", List.of("vip", "--config", "/etc/vip.yml"), Map.of())))
                .isEqualTo(Role.VIP);
        assertThat(Role.of(service("tecnativa/docker-socket-proxy:latest@sha256:abc", List.of(), Map.of())))
                .isEqualTo(Role.SOCKET_PROXY);
        assertThat(Role.of(service("traefik:v2.3", List.of("--providers.docker.swarmMode=true"), Map.of())))
                .isEqualTo(Role.PROXY);
        assertThat(Role.of(service("whatever:1", List.of("sleep"), Map.of(Role.LABEL, "vip"))))
                .isEqualTo(Role.VIP);
        assertThat(Role.of(service("swarmedge:latest", List.of("whoami", "--port", "80"), Map.of())))
                .isEqualTo(Role.OTHER);
        assertThat(Role.of(service("wordpress:6", List.of(), Map.of()))).isEqualTo(Role.OTHER);
    }

    @Test
    void placementConstraintsDecideWhereAGlobalServiceRuns() {
        NodeInfo manager = new NodeInfo(
                "n1",
                "a",
                "manager",
                "active",
                "ready",
                "",
                "reachable",
                true,
                "",
                "linux",
                "x86_64",
                Map.of("edge", "true"),
                Map.of());

        assertThat(Placement.allows(manager, List.of("node.role == manager", "node.labels.edge==true")))
                .isTrue();
        assertThat(Placement.allows(manager, List.of("node.role != manager"))).isFalse();
        assertThat(Placement.allows(manager, List.of("node.labels.missing == x")))
                .isFalse();
        assertThat(Placement.unknown(List.of("node.role == manager", "node.platform.flavour == x")))
                .containsExactly("node.platform.flavour == x");
    }
}
