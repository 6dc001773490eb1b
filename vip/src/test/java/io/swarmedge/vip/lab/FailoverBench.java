package io.swarmedge.vip.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures failover: kill the master (link cut + SIGKILL) and time until the virtual IP answers
 * TCP again from the new master, for swarmedge vip and keepalived at equal settings. Run by
 * {@code bench/vip-failover.sh}; needs root.
 */
public final class FailoverBench {
    private record Scenario(String label, String daemon, String config) {}

    private record Result(String label, List<Long> gaps, int failures) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String only = args.length > 1 ? args[1] : "";
        List<Scenario> scenarios = List.of(
                new Scenario("swarmedge defaults (v3, 100ms, YAML)", "swarmedge-yaml", """
                        instances:
                          - name: bench
                            interface: eth0
                            vrid: 51
                            addresses: [%s/24]
                        """.formatted(Lab.VIP4)),
                new Scenario("swarmedge keepalived.conf v3 advert_int 0.1", "swarmedge", keepalivedConf(3, "0.1")),
                new Scenario("keepalived 2.2.7 v3 advert_int 0.1", "keepalived", keepalivedConf(3, "0.1")),
                new Scenario("swarmedge keepalived.conf v2 advert_int 1 (seed)", "swarmedge", keepalivedConf(2, "1")),
                new Scenario("keepalived 2.2.7 v2 advert_int 1 (seed)", "keepalived", keepalivedConf(2, "1")));
        List<Result> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (!only.isEmpty() && !s.label().contains(only)) {
                continue;
            }
            results.add(run(s, rounds));
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-50s %6s %8s %8s %8s %8s%n",
                "failover (kill master -> VIP answers TCP)",
                "n",
                "median",
                "p90",
                "max",
                "failed");
        for (Result r : results) {
            List<Long> sorted = r.gaps().stream().sorted().toList();
            System.out.printf(
                    Locale.ROOT,
                    "%-50s %6d %6d ms %5d ms %5d ms %8d%n",
                    r.label(),
                    sorted.size(),
                    percentile(sorted, 50),
                    percentile(sorted, 90),
                    sorted.isEmpty() ? -1 : sorted.getLast(),
                    r.failures());
        }
    }

    private static String keepalivedConf(int version, String advert) {
        return """
                global_defs {
                    vrrp_version %d
                }
                vrrp_instance BENCH {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    advert_int %s
                    %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(
                        version,
                        advert,
                        version == 2 ? "authentication {\n auth_type PASS\n auth_pass bench\n }" : "",
                        Lab.VIP4);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Result run(Scenario s, int rounds) throws Exception {
        List<Long> gaps = new ArrayList<>();
        int failures = 0;
        try (Lab lab = new Lab(Path.of(System.getProperty("bench.dir", "target/vip-bench")))) {
            lab.addNode("a", 1);
            lab.addNode("b", 2);
            Path config = lab.dir().resolve(s.daemon().equals("swarmedge-yaml") ? "vip.yml" : "keepalived.conf");
            Files.writeString(config, s.config());
            String[] nodes = {"a", "b"};
            for (String n : nodes) {
                start(lab, s, n, config);
            }
            Prober client = lab.probe(Lab.VIP4);
            System.out.printf("%s: ", s.label());
            for (int round = 0; round < rounds; round++) {
                String master = awaitSingleHolder(lab, client, Duration.ofSeconds(30), nodes);
                if (master == null) {
                    failures++;
                    System.out.print("x");
                    continue;
                }
                String backup = master.equals("a") ? "b" : "a";
                long killed = lab.crash(master);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Long gap = null;
                while (System.nanoTime() < deadline && gap == null) {
                    gap = client.millisUntilAnsweredBy(killed, backup).orElse(null);
                    LockSupport.parkNanos(20_000_000);
                }
                if (gap == null) {
                    failures++;
                    System.out.print("x");
                } else {
                    gaps.add(gap);
                    System.out.print(gap + " ");
                }
                lab.revive(master);
                int before = readyCount(lab, s, master);
                start(lab, s, master, config);
                awaitReady(lab, s, master, before);
            }
            System.out.println();
        }
        return new Result(s.label(), gaps, failures);
    }

    private static void start(Lab lab, Scenario s, String node, Path config) throws Exception {
        switch (s.daemon()) {
            case "keepalived" -> lab.startKeepalived(node, config);
            case "swarmedge-yaml" -> lab.startVip(node, "--config", config);
            default -> lab.startVip(node, "--keepalived-conf", config);
        }
    }

    /** How many times the node's daemon has reported entering BACKUP so far. */
    private static int readyCount(Lab lab, Scenario s, String node) {
        String log = lab.log(node, s.daemon().equals("keepalived") ? "keepalived" : "vip");
        String marker = s.daemon().equals("keepalived") ? "Entering BACKUP STATE" : "to=BACKUP";
        int count = 0;
        for (int i = log.indexOf(marker); i >= 0; i = log.indexOf(marker, i + 1)) {
            count++;
        }
        return count;
    }

    /** Waits until the restarted daemon is a listening backup, plus a few advertisements. */
    private static void awaitReady(Lab lab, Scenario s, String node, int before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && readyCount(lab, s, node) <= before) {
            LockSupport.parkNanos(50_000_000);
        }
        boolean slow = s.config().contains("advert_int 1\n");
        LockSupport.parkNanos(Duration.ofMillis(slow ? 3000 : 1000).toNanos());
    }

    private static String awaitSingleHolder(Lab lab, Prober client, Duration timeout, String... nodes)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> holders = lab.holders(Lab.VIP4, nodes);
            if (holders.size() == 1
                    && client.lastAnswer().filter(holders.getFirst()::equals).isPresent()) {
                return holders.getFirst();
            }
            LockSupport.parkNanos(50_000_000);
        }
        return null;
    }
}
