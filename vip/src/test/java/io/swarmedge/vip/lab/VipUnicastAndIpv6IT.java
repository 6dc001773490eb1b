package io.swarmedge.vip.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unicast peers (with multicast VRRP blocked) and VRRPv3 over IPv6: election and failover. */
class VipUnicastAndIpv6IT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Lab lab;

    @BeforeEach
    void setUp() throws Exception {
        LabPrerequisites.require(false);
        lab = new Lab(Path.of("target", "vip-it"));
        lab.addNode("node1", 1);
        lab.addNode("node2", 2);
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private Path config(String node, String body) throws Exception {
        Path file = lab.dir().resolve(node + ".yml");
        Files.writeString(file, body);
        return file;
    }

    private void awaitHolder(Prober client, String vip, String node, String... among) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(lab.holders(vip, among)).containsExactly(node);
            assertThat(client.lastAnswer()).contains(node);
        });
    }

    @Test
    void unicastPeersElectAndFailOverWithoutMulticast() throws Exception {
        for (String node : new String[] {"node1", "node2"}) {
            // Only unicast VRRP gets through: multicast adverts would be dropped on arrival.
            lab.nft(
                    node,
                    "add table ip sevip; add chain ip sevip input { type filter hook input priority 0; policy accept; };"
                            + " add rule ip sevip input ip daddr 224.0.0.18 drop");
        }
        String template = """
                instances:
                  - name: uni
                    interface: eth0
                    vrid: 61
                    priority: %d
                    addresses: [%s/24]
                    unicast: {source: %s, peers: [%s]}
                """;
        lab.startVip("node1", "--config", config("node1", template.formatted(200, Lab.VIP4, "10.77.0.1", "10.77.0.2")));
        lab.startVip("node2", "--config", config("node2", template.formatted(100, Lab.VIP4, "10.77.0.2", "10.77.0.1")));
        Prober client = lab.probe(Lab.VIP4);
        awaitHolder(client, Lab.VIP4, "node1", "node1", "node2");
        long killed = lab.crash("node1");
        awaitHolder(client, Lab.VIP4, "node2", "node2");
        System.out.printf(
                "vip-it: unicast failover gap %d ms%n",
                client.millisUntilAnsweredBy(killed, "node2").orElseThrow());
        assertThat(lab.log("node2", "vip")).contains("mode=unicast").doesNotContain("advertisement_dropped");
    }

    @Test
    void ipv6UnicastPeersElectAndFailOver() throws Exception {
        String template = """
                instances:
                  - name: six-uni
                    interface: eth0
                    vrid: 63
                    priority: %d
                    addresses: [%s/64]
                    unicast: {peers: ["%s"]}
                """;
        lab.startVip("node1", "--config", config("node1", template.formatted(200, Lab.VIP6, "fd77::2")));
        lab.startVip("node2", "--config", config("node2", template.formatted(100, Lab.VIP6, "fd77::1")));
        Prober client = lab.probe(Lab.VIP6);
        awaitHolder(client, Lab.VIP6, "node1", "node1", "node2");
        lab.crash("node1");
        awaitHolder(client, Lab.VIP6, "node2", "node2");
        // Holding the VIP must not change the source the peer knows us by.
        assertThat(lab.log("node2", "vip"))
                .contains("source=fd77:0:0:0:0:0:0:2")
                .doesNotContain("advertisement_dropped");
    }

    @Test
    void ipv6ElectsAndFailsOver() throws Exception {
        String template = """
                instances:
                  - name: six
                    interface: eth0
                    vrid: 62
                    priority: %d
                    addresses: [%s/64]
                """;
        lab.startVip("node1", "--config", config("node1", template.formatted(200, Lab.VIP6)));
        lab.startVip("node2", "--config", config("node2", template.formatted(100, Lab.VIP6)));
        Prober client = lab.probe(Lab.VIP6);
        awaitHolder(client, Lab.VIP6, "node1", "node1", "node2");
        long killed = lab.crash("node1");
        awaitHolder(client, Lab.VIP6, "node2", "node2");
        System.out.printf(
                "vip-it: IPv6 failover gap %d ms%n",
                client.millisUntilAnsweredBy(killed, "node2").orElseThrow());
        assertThat(lab.log("node2", "vip")).contains("source=fe80");
    }
}
