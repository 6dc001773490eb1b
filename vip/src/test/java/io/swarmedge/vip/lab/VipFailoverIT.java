package io.swarmedge.vip.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two swarmedge vip nodes on a bridge (VRRPv3, IPv4 multicast, swarmedge's default 100 ms
 * interval) and a client that keeps connecting to the virtual IP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VipFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Lab lab;
    private Prober client;
    private Path failFlag;
    private Path notifyLog;
    private Path node1Config;

    @BeforeAll
    void setUp() throws Exception {
        LabPrerequisites.require(false);
        lab = new Lab(Path.of("target", "vip-it"));
        lab.addNode("node1", 1);
        lab.addNode("node2", 2);
        lab.ipIn("node1", "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1");
        lab.ipIn("node1", "link", "set", "uplink1", "up");
        lab.ipIn("node1", "link", "set", "uplink0", "up");
        failFlag = lab.dir().resolve("node1-check-fails");
        notifyLog = lab.dir().resolve("node1-notify.log");
        node1Config = config("node1", 150, """
                    checks:
                      - {name: flag, type: script, command: ["/bin/sh", "-c", "test ! -e %s"], interval: 200ms, weight: -100}
                    trackInterfaces: [uplink0]
                    notify: {master: ["/bin/sh", "-c", "echo MASTER >> %s"], backup: ["/bin/sh", "-c", "echo BACKUP >> %s"]}
                """.formatted(failFlag, notifyLog, notifyLog));
        lab.startVip("node1", "--config", node1Config);
        lab.startVip("node2", "--config", config("node2", 100, ""));
        client = lab.probe(Lab.VIP4);
    }

    private Path config(String node, int priority, String extra) throws Exception {
        Path file = lab.dir().resolve(node + ".yml");
        Files.writeString(file, """
                instances:
                  - name: edge
                    interface: eth0
                    vrid: 51
                    priority: %d
                    addresses: [%s/24]
                %s""".formatted(priority, Lab.VIP4, extra));
        return file;
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private void awaitHolder(String node, String... alive) {
        String[] among = alive.length == 0 ? new String[] {"node1", "node2"} : alive;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(lab.holders(Lab.VIP4, among)).containsExactly(node);
            assertThat(client.lastAnswer()).contains(node);
        });
    }

    @Test
    @Order(1)
    void electsTheHigherPriorityAndAnnouncesIt() {
        awaitHolder("node1");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Files.readString(notifyLog)).contains("MASTER"));
    }

    @Test
    @Order(2)
    void failsOverWhenTheMasterIsKilled() throws Exception {
        awaitHolder("node1");
        long killed = lab.crash("node1");
        // The dead node keeps the address on its cut link, as a powered-off machine would.
        awaitHolder("node2", "node2");
        long gap = client.millisUntilAnsweredBy(killed, "node2").orElseThrow();
        System.out.printf(
                "vip-it: failover after SIGKILL of the master: client answered by the new master after %d ms%n", gap);
        assertThat(gap)
                .as("failover gap (ms), generous bound for a loaded CI box")
                .isLessThan(10_000);
        lab.revive("node1");
        lab.startVip("node1", "--config", node1Config);
    }

    @Test
    @Order(3)
    void theHigherPriorityPreemptsWhenItReturns() {
        awaitHolder("node1");
    }

    @Test
    @Order(4)
    void failsOverWhenTheTrackedCheckFailsAndBackWhenItRecovers() throws Exception {
        awaitHolder("node1");
        Files.writeString(failFlag, "fail");
        awaitHolder("node2");
        Files.delete(failFlag);
        awaitHolder("node1");
        assertThat(Files.readAllLines(notifyLog)).containsSubsequence("MASTER", "BACKUP", "MASTER");
    }

    @Test
    @Order(5)
    void aTrackedInterfaceGoingDownForcesFault() throws Exception {
        awaitHolder("node1");
        lab.ipIn("node1", "link", "set", "uplink0", "down");
        awaitHolder("node2");
        assertThat(lab.log("node1", "vip")).contains("to=FAULT");
        lab.ipIn("node1", "link", "set", "uplink0", "up");
        awaitHolder("node1");
    }

    @Test
    @Order(6)
    void recoversFromSplitBrainWhenThePartitionHeals() throws Exception {
        awaitHolder("node1");
        lab.nft(
                "node2",
                "add table inet sevip; add chain inet sevip input { type filter hook input priority 0; policy accept; };"
                        + " add rule inet sevip input meta l4proto 112 drop");
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(lab.holders(Lab.VIP4, "node1", "node2")).containsExactly("node1", "node2"));
        lab.nft("node2", "delete table inet sevip");
        awaitHolder("node1");
    }

    @Test
    @Order(7)
    void aGracefulStopHandsOverWithPriorityZero() throws Exception {
        awaitHolder("node1");
        lab.stop("node1");
        awaitHolder("node2");
        assertThat(lab.log("node1", "vip")).contains("event=transition instance=edge from=MASTER to=INITIALIZE");
        assertThat(lab.log("node2", "vip")).contains("to=MASTER");
        List<String> holders = lab.holders(Lab.VIP4, "node1", "node2");
        assertThat(holders).containsExactly("node2");
    }
}
