package io.swarmedge.vip.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** keepalived's use_vmac: the virtual IP lives on a macvlan with 00:00:5e:00:01:VRID, and that MAC moves. */
class VipVirtualMacIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VIRTUAL_MAC = "00:00:5e:00:01:47";

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

    @Test
    void theVirtualMacCarriesTheAddressAndMovesOnFailover() throws Exception {
        for (int n = 1; n <= 2; n++) {
            Path config = lab.dir().resolve("node" + n + ".conf");
            Files.writeString(config, """
                    vrrp_instance VMAC {
                        interface eth0
                        use_vmac
                        virtual_router_id 71
                        priority %d
                        advert_int 0.1
                        version 3
                        virtual_ipaddress {
                            %s/24
                        }
                    }
                    """.formatted(250 - 50 * n, Lab.VIP4));
            lab.startVip("node" + n, "--keepalived-conf", config);
        }
        Prober client = lab.probe(Lab.VIP4);
        awaitHolder(client, "node1", "node1", "node2");
        assertThat(lab.ipOutputIn("node1", "-o", "addr", "show", "dev", "vrrp.71"))
                .contains(Lab.VIP4 + "/24");
        assertThat(lab.ipOutputIn("node1", "link", "show", "dev", "vrrp.71")).contains(VIRTUAL_MAC);
        assertThat(lab.ipOutputIn("client", "neigh", "show", Lab.VIP4)).contains(VIRTUAL_MAC);

        lab.crash("node1");
        awaitHolder(client, "node2", "node2");
        assertThat(lab.ipOutputIn("node2", "-o", "addr", "show", "dev", "vrrp.71"))
                .contains(Lab.VIP4 + "/24");
        assertThat(lab.ipOutputIn("client", "neigh", "show", Lab.VIP4)).contains(VIRTUAL_MAC);

        lab.stop("node2");
        assertThat(lab.ipOutputIn("node2", "-o", "link", "show"))
                .as("the macvlan is removed on stop")
                .doesNotContain("vrrp.71");
    }

    private void awaitHolder(Prober client, String node, String... among) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(lab.holders(Lab.VIP4, node)).as("address on " + node).isEmpty();
            assertThat(holdersOnVmac(among)).containsExactly(node);
            assertThat(client.lastAnswer()).contains(node);
        });
    }

    private java.util.List<String> holdersOnVmac(String... among) throws Exception {
        java.util.List<String> result = new java.util.ArrayList<>();
        for (String n : among) {
            String out = lab.ipOutputIn(n, "-o", "addr", "show");
            if (out.contains("vrrp.71") && out.contains(" " + Lab.VIP4 + "/")) {
                result.add(n);
            }
        }
        return result;
    }
}
