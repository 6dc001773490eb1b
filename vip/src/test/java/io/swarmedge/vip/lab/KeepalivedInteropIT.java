package io.swarmedge.vip.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's keepalived.conf (VRRPv2, PASS authentication, advert_int 1), placeholders filled,
 * run by Debian's keepalived in one namespace and by swarmedge vip in another: one master, and
 * each fails over to the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepalivedInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String KEEPALIVED = "node1";
    private static final String SWARMEDGE = "node2";

    private Lab lab;
    private Path config;

    @BeforeAll
    void setUp() throws Exception {
        LabPrerequisites.require(true);
        lab = new Lab(Path.of("target", "vip-it"));
        lab.addNode(KEEPALIVED, 1);
        lab.addNode(SWARMEDGE, 2);
        String seed;
        try (InputStream in =
                Objects.requireNonNull(getClass().getResourceAsStream("/keepalived/seed-keepalived.conf"))) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The placeholders, as a user fills them; dockerd and traefik do not run in the lab, so
        // the checks become programs that exist there (healthy docker, absent traefik).
        String filled = seed.replace("INTERFACE_GOES HERE", "eth0")
                .replace("ID_GOES_HERE", "51")
                .replace("PASS_GOES_HERE", "s3cret")
                .replace("IP_GOES_HERE/MASK", Lab.VIP4 + "/24")
                .replace("script \"pidof dockerd\"", "script \"/bin/true\"")
                .replace("script \"pidof traefik\"", "script \"/bin/false\"");
        config = lab.dir().resolve("keepalived.conf");
        Files.writeString(config, filled);
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    private void start(String node) throws Exception {
        if (node.equals(KEEPALIVED)) {
            lab.startKeepalived(node, config);
        } else {
            lab.startVip(node, "--keepalived-conf", config);
        }
    }

    private String awaitSingleHolder(Prober client, String... among) {
        String[] holder = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> holders = lab.holders(Lab.VIP4, among);
            assertThat(holders).hasSize(1);
            assertThat(client.lastAnswer()).contains(holders.getFirst());
            holder[0] = holders.getFirst();
        });
        return holder[0];
    }

    @Test
    void keepalivedAndSwarmedgeAgreeOnOneMasterAndFailOverToEachOther() throws Exception {
        start(KEEPALIVED);
        start(SWARMEDGE);
        Prober client = lab.probe(Lab.VIP4);
        String first = awaitSingleHolder(client, KEEPALIVED, SWARMEDGE);
        // Agreement must last: several advertisement intervals with exactly one holder.
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            assertThat(lab.holders(Lab.VIP4, KEEPALIVED, SWARMEDGE)).containsExactly(first);
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
        }
        String second = first.equals(KEEPALIVED) ? SWARMEDGE : KEEPALIVED;
        Map<String, String> names = Map.of(KEEPALIVED, "keepalived", SWARMEDGE, "swarmedge");

        long killed = lab.crash(first);
        assertThat(awaitSingleHolder(client, second)).isEqualTo(second);
        System.out.printf(
                "vip-it: interop failover %s -> %s: %d ms%n",
                names.get(first),
                names.get(second),
                client.millisUntilAnsweredBy(killed, second).orElseThrow());

        lab.revive(first);
        start(first);
        // Equal priority and preemption only for a higher priority: the survivor stays master.
        await().pollDelay(Duration.ofSeconds(5))
                .atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(lab.holders(Lab.VIP4, KEEPALIVED, SWARMEDGE)).containsExactly(second));

        killed = lab.crash(second);
        assertThat(awaitSingleHolder(client, first)).isEqualTo(first);
        System.out.printf(
                "vip-it: interop failover %s -> %s: %d ms%n",
                names.get(second),
                names.get(first),
                client.millisUntilAnsweredBy(killed, first).orElseThrow());
        assertThat(lab.log(SWARMEDGE, "vip")).doesNotContain("advertisement_dropped");
    }
}
