package io.swarmedge.vip.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health gating from the edge: a vip node holds the address only while its local proxy answers
 * {@code /ping} with 200. Each node's proxy is a stand-in on 127.0.0.1:8080 in its namespace whose
 * answer the test sets (200, 503, not listening); the vip daemons are real processes.
 */
class VipHealthGatingIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern TAKEOVER =
            Pattern.compile("to=MASTER priority=\\d+ reason=\"master down timer expired after (\\d+) ms\"");
    private static final String CHECKS = """
                checks:
                  - {name: proxy, type: proxy, url: "http://127.0.0.1:%d/ping", interval: 100ms, timeout: 500ms, fall: 3}
            """.formatted(FakeProxyPing.PORT);

    @BeforeAll
    static void prerequisites() {
        LabPrerequisites.require(false);
    }

    private static Path config(Lab lab, String node, int priority) throws Exception {
        Path file = lab.dir().resolve(node + ".yml");
        Files.writeString(file, """
                instances:
                  - name: edge
                    interface: eth0
                    vrid: 52
                    priority: %d
                    addresses: [%s/24]
                %s""".formatted(priority, Lab.VIP4, CHECKS));
        return file;
    }

    private static void awaitHolder(Lab lab, Prober client, String node, String... among) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(lab.holders(Lab.VIP4, among)).containsExactly(node);
            assertThat(client.lastAnswer()).contains(node);
        });
    }

    /** The Master_Down timer of the last takeover in a node's log, in ms. */
    private static long lastTakeoverWait(Lab lab, String node) {
        Matcher m = TAKEOVER.matcher(lab.log(node, "vip"));
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    @Test
    void aNodeWhoseProxyIsNotReadyNeverBecomesMasterAndAFailingProxyHandsOverWithPriorityZero() throws Exception {
        try (Lab lab = new Lab(Path.of("target", "vip-it"))) {
            lab.addNode("node1", 1);
            lab.addNode("node2", 2);
            try (FakeProxyPing notReady = FakeProxyPing.answering(lab.netns("node1"), 503);
                    FakeProxyPing ready = FakeProxyPing.answering(lab.netns("node2"), 200)) {
                handOver(lab, notReady);
            }
        }
    }

    private static void handOver(Lab lab, FakeProxyPing notReady) throws Exception {
        {
            Prober client = lab.probe(Lab.VIP4);
            // node1 has the higher priority and starts first: only its proxy's 503 keeps it out.
            lab.startVip("node1", "--config", config(lab, "node1", 150));
            await().atMost(WAIT).until(() -> lab.log("node1", "vip").contains("to=FAULT"));
            lab.startVip("node2", "--config", config(lab, "node2", 100));
            awaitHolder(lab, client, "node2", "node1", "node2");
            Thread.sleep(2000);
            assertThat(lab.log("node1", "vip"))
                    .as("a node whose proxy has never answered 200 is never master")
                    .doesNotContain("to=MASTER")
                    .contains("event=initial_verdict instance=edge priority=150 fault=\"check \"proxy\" failed\"");
            assertThat(lab.holders(Lab.VIP4, "node1", "node2")).containsExactly("node2");

            notReady.answer(200);
            awaitHolder(lab, client, "node1", "node1", "node2");

            // The proxy starts draining: one 503 and the address moves, the backup waiting only Skew_Time.
            long drained = System.nanoTime();
            notReady.answer(503);
            awaitHolder(lab, client, "node2", "node1", "node2");
            long handover = client.millisUntilAnsweredBy(drained, "node2").orElseThrow();
            long waited = lastTakeoverWait(lab, "node2");
            System.out.printf(
                    "vip-it: proxy answers 503 on the master -> clients answered by the backup after %d ms"
                            + " (backup waited %d ms after the priority-0 advertisement)%n",
                    handover, waited);
            assertThat(waited)
                    .as("priority 0 lets the backup take over after Skew_Time (61 ms), not Master_Down_Interval")
                    .isBetween(0L, 150L);
            assertThat(lab.log("node1", "vip")).contains("from=MASTER to=FAULT");

            notReady.answer(200);
            awaitHolder(lab, client, "node1", "node1", "node2");
            // The proxy goes away altogether: refused connections count toward fall (3 × 100 ms).
            long gone = System.nanoTime();
            notReady.stopListening();
            awaitHolder(lab, client, "node2", "node1", "node2");
            System.out.printf(
                    "vip-it: proxy on the master stops listening -> clients answered by the backup after %d ms%n",
                    client.millisUntilAnsweredBy(gone, "node2").orElseThrow());
            assertThat(lastTakeoverWait(lab, "node2")).isBetween(0L, 150L);
        }
    }

    @Test
    void aLoneNodeWhoseProxyFailsNeverTakesTheAddress() throws Exception {
        try (Lab lab = new Lab(Path.of("target", "vip-it"))) {
            lab.addNode("solo", 1);
            try (FakeProxyPing proxy = FakeProxyPing.notListening(lab.netns("solo"))) {
                Prober client = lab.probe(Lab.VIP4);
                lab.startVip("solo", "--config", config(lab, "solo", 100));
                await().atMost(WAIT).until(() -> lab.log("solo", "vip").contains("to=FAULT"));
                Thread.sleep(1500);
                assertThat(lab.holders(Lab.VIP4, "solo")).isEmpty();
                assertThat(lab.log("solo", "vip")).doesNotContain("to=MASTER");

                proxy.answer(503);
                proxy.listen();
                Thread.sleep(1000);
                assertThat(lab.holders(Lab.VIP4, "solo"))
                        .as("a proxy without configuration (503) does not make the node healthy")
                        .isEmpty();

                proxy.answer(200);
                awaitHolder(lab, client, "solo", "solo");
                proxy.answer(503);
                await().atMost(WAIT)
                        .pollInterval(Duration.ofMillis(50))
                        .untilAsserted(
                                () -> assertThat(lab.holders(Lab.VIP4, "solo")).isEmpty());
                assertThat(lab.log("solo", "vip")).contains("from=MASTER to=FAULT");
                assertThat(List.of(lab.log("solo", "vip").split("\n")).stream()
                                .filter(l -> l.contains("to=MASTER"))
                                .count())
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void aSigtermedMasterHandsOverWithPriorityZero() throws Exception {
        try (Lab lab = new Lab(Path.of("target", "vip-it"))) {
            lab.addNode("node1", 1);
            lab.addNode("node2", 2);
            try (FakeProxyPing p1 = FakeProxyPing.answering(lab.netns("node1"), 200);
                    FakeProxyPing p2 = FakeProxyPing.answering(lab.netns("node2"), 200)) {
                Prober client = lab.probe(Lab.VIP4);
                lab.startVip("node1", "--config", config(lab, "node1", 150));
                lab.startVip("node2", "--config", config(lab, "node2", 100));
                awaitHolder(lab, client, "node1", "node1", "node2");
                await().atMost(WAIT).until(() -> lab.log("node2", "vip").contains("to=BACKUP"));
                Thread.sleep(300);
                long stopped = System.nanoTime();
                lab.stop("node1");
                awaitHolder(lab, client, "node2", "node1", "node2");
                long handover = client.millisUntilAnsweredBy(stopped, "node2").orElseThrow();
                long waited = lastTakeoverWait(lab, "node2");
                System.out.printf(
                        "vip-it: SIGTERM of the master -> clients answered by the backup after %d ms"
                                + " (backup waited %d ms after the priority-0 advertisement)%n",
                        handover, waited);
                assertThat(lab.log("node1", "vip"))
                        .contains("event=shutdown_requested")
                        .contains("from=MASTER to=INITIALIZE");
                assertThat(waited)
                        .as("priority 0: the backup waits Skew_Time, not Master_Down_Interval")
                        .isBetween(0L, 150L);
                assertThat(lab.holders(Lab.VIP4, "node1"))
                        .as("the address was removed")
                        .isEmpty();
            }
        }
    }
}
