package io.swarmedge.lab.drill;

import io.swarmedge.cli.downtime.LatencySummary;
import io.swarmedge.cli.downtime.Sample;
import io.swarmedge.lab.Arrangement;
import io.swarmedge.lab.Lab;
import io.swarmedge.lab.LabException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The six drills of issue 6, each with {@code swarmedge downtime} running through the VIP from before the
 * fault until the lab has settled again. Each returns its figures; the caller asserts the targets. Every
 * drill leaves the lab as it found it (nodes active and started, services' update order restored) even
 * when it fails half-way.
 */
final class Drills {
    static final String DEMO = "whoami.localhost";
    static final String SINGLE_HOST = "single.localhost";
    /** Load through the VIP: the rate and workers of the lab's baseline measurement. */
    static final int RATE = 50;

    static final int WORKERS = 4;
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Drill 3's requests may be held by the proxy up to 30 s (its default hold) before they fail. */
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(45);

    static final Duration QUIET = Duration.ofSeconds(3);
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final LabCluster cluster;
    private final String vip;

    Drills(LabCluster cluster, String vip) {
        this.cluster = cluster;
        this.vip = vip;
    }

    private LoadRun demoLoad() {
        return LoadRun.start(vip, DEMO, RATE, WORKERS, TIMEOUT);
    }

    /** Drill 1: drain the node that holds the VIP and runs proxy and app tasks; reactivate it after. */
    DrillResult drainHolder(Arrangement arrangement) {
        String holder = holderWithApp();
        LoadRun load = demoLoad();
        LoadRun.pause(QUIET);
        long drained = System.nanoTime();
        FailureTimeline timeline = new FailureTimeline().mark("drain");
        Finished finished;
        String movedTo;
        try {
            cluster.availability(holder, "drain");
            boolean settled = LabCluster.await(Duration.ofSeconds(90), () -> {
                Optional<String> now = cluster.vipHolder();
                return now.isPresent()
                        && !now.get().equals(holder)
                        && !cluster.runningTaskNodes(LabCluster.WHOAMI).contains(holder)
                        && !cluster.runningTaskNodes(LabCluster.PROXY).contains(holder)
                        && cluster.runningTaskNodes(LabCluster.WHOAMI).size() == 2;
            });
            if (!settled) {
                throw new LabException("drain of " + holder + ": tasks or VIP did not move within 90 s");
            }
            double settledS = seconds(System.nanoTime() - drained);
            LoadRun.pause(SETTLE);
            finished = load.stop();
            movedTo = cluster.vipHolder().orElse("?") + String.format(Locale.ROOT, " (settled in %.1f s)", settledS);
        } finally {
            load.stopQuietly();
            cluster.availability(holder, "active");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("drained", holder);
        extra.put("VIP moved to", movedTo);
        extra.put("failures", timeline.describe(finished));
        return DrillResult.of("1", "drain the VIP holder", arrangement.scriptName(), finished.report(), extra);
    }

    /** The VIP holder, after making sure it runs a whoami task (a forced rolling update places one there). */
    private String holderWithApp() {
        for (int attempt = 0; attempt < 3; attempt++) {
            String holder = cluster.vipHolder().orElseThrow(() -> new LabException("no single VIP holder"));
            if (cluster.runningTaskNodes(LabCluster.WHOAMI).contains(holder)
                    && cluster.runningTaskNodes(LabCluster.PROXY).contains(holder)) {
                return holder;
            }
            // Spread placement: the replacement of a task goes to the node with the fewest (the holder's 0).
            cluster.swarm(
                    Duration.ofMinutes(3),
                    List.of(),
                    "service",
                    "update",
                    "--force",
                    "--detach=true",
                    LabCluster.WHOAMI);
            LabCluster.await(Duration.ofMinutes(2), () -> updateCompleted(LabCluster.WHOAMI));
        }
        throw new LabException("the VIP holder runs no whoami task after 3 forced updates");
    }

    private boolean updateCompleted(String service) {
        String state = cluster.swarm(
                        "service", "inspect", "--format", "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}", service)
                .strip();
        return (state.isEmpty() || state.equals("completed")) && cluster.settled(service);
    }

    /** Drill 2: a rolling update of whoami ({@code --force}) in the given update order. */
    DrillResult rollingUpdate(Arrangement arrangement, String order) {
        LoadRun load = demoLoad();
        LoadRun.pause(QUIET);
        long started = System.nanoTime();
        Finished finished;
        try {
            cluster.swarm(
                    Duration.ofMinutes(4),
                    List.of(),
                    "service",
                    "update",
                    "--force",
                    "--update-order",
                    order,
                    "--detach=true",
                    LabCluster.WHOAMI);
            if (!LabCluster.await(Duration.ofMinutes(3), () -> updateCompleted(LabCluster.WHOAMI))) {
                throw new LabException("the " + order + " update of whoami did not complete within 3 min");
            }
            double took = seconds(System.nanoTime() - started);
            LoadRun.pause(QUIET);
            finished = load.stop();
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("update took", String.format(Locale.ROOT, "%.1f s", took));
            String drill = order.equals("start-first") ? "2a" : "2b";
            return DrillResult.of(
                    drill, "rolling update, " + order, arrangement.scriptName(), finished.report(), extra);
        } finally {
            load.stopQuietly();
            if (!order.equals("start-first")) {
                cluster.swarm(
                        Duration.ofMinutes(2),
                        List.of(),
                        "service",
                        "update",
                        "--update-order",
                        "start-first",
                        "--detach=true",
                        LabCluster.WHOAMI);
            }
        }
    }

    /** Drill 3: drain the node of the single-replica app; requests should wait for the new task. */
    DrillResult singleReplicaMoves(Arrangement arrangement) {
        List<String> before = cluster.runningTaskNodes(LabCluster.SINGLE);
        if (before.size() != 1) {
            throw new LabException("whoami-single runs on " + before + ", expected one node");
        }
        String node = before.getFirst();
        boolean heldVip = cluster.vipHolder().map(node::equals).orElse(false);
        LoadRun load = LoadRun.start(vip, SINGLE_HOST, 20, WORKERS, HOLD_TIMEOUT);
        LoadRun.pause(QUIET);
        long drained = System.nanoTime();
        Finished finished;
        double movedS;
        try {
            cluster.availability(node, "drain");
            boolean moved = LabCluster.await(Duration.ofSeconds(90), () -> {
                List<String> now = cluster.runningTaskNodes(LabCluster.SINGLE);
                return now.size() == 1 && !now.getFirst().equals(node);
            });
            if (!moved) {
                throw new LabException("whoami-single did not run elsewhere within 90 s of draining " + node);
            }
            movedS = seconds(System.nanoTime() - drained);
            LoadRun.pause(SETTLE.plusSeconds(3));
            finished = load.stop();
        } finally {
            load.stopQuietly();
            cluster.availability(node, "active");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("drained", node + (heldVip ? " (it held the VIP)" : ""));
        extra.put("task running elsewhere after", String.format(Locale.ROOT, "%.1f s", movedS));
        extra.put("longest wait", DrillTable.ms(finished.longestSuccessMs()));
        return DrillResult.of("3", "single replica moves (hold)", arrangement.scriptName(), finished.report(), extra);
    }

    /**
     * Drill 4: {@code docker kill} of the node holding the VIP, {@code runs} times; each run waits for the
     * lab to be whole again (node Ready, its proxy running, one VIP owner) before the next.
     */
    KillFigures killHolder(Arrangement arrangement, int runs) {
        List<Double> takeovers = new ArrayList<>();
        List<Finished> loads = new ArrayList<>();
        long inFlight = 0;
        long inFlightLost = 0;
        for (int run = 1; run <= runs; run++) {
            cluster.awaitHealthy(Duration.ofMinutes(4));
            String holder = cluster.vipHolder().orElseThrow(() -> new LabException("no single VIP holder"));
            LoadRun load = demoLoad();
            Finished finished;
            long killed;
            Optional<TakeoverProbe.Outage> outage;
            try (TakeoverProbe probe = TakeoverProbe.start(vip, DEMO)) {
                LoadRun.pause(QUIET);
                killed = System.nanoTime();
                cluster.lab().hostDocker(Lab.QUICK, "kill", holder).orThrow();
                LabCluster.await(Duration.ofSeconds(30), () -> probe.recoveredAfter(killed, Duration.ofSeconds(1)));
                LoadRun.pause(SETTLE);
                outage = probe.outageAfter(killed);
                finished = load.stop();
            } finally {
                load.stopQuietly();
            }
            double takeoverMs = outage.map(TakeoverProbe.Outage::millis).orElse(Double.NaN);
            long died = outage.map(TakeoverProbe.Outage::startNanos).orElse(killed);
            takeovers.add(takeoverMs);
            loads.add(finished);
            inFlight += finished.inFlightAt(died);
            inFlightLost += finished.inFlightLostAt(died);
            System.out.printf(
                    Locale.ROOT,
                    "DRILL 4 [%s] run %d/%d: killed %s, new connections failed from %s after `docker kill` and succeeded"
                            + " again %s later; %d failed of %d, in flight %d, lost %d%n",
                    arrangement.scriptName(),
                    run,
                    runs,
                    holder,
                    outage.map(o -> DrillTable.ms((o.startNanos() - killed) / 1e6))
                            .orElse("?"),
                    Double.isNaN(takeoverMs) ? "never (30 s)" : DrillTable.ms(takeoverMs),
                    finished.report().failed(),
                    finished.report().requests(),
                    finished.inFlightAt(died),
                    finished.inFlightLostAt(died));
            cluster.lab().startNode(holder);
        }
        cluster.awaitHealthy(Duration.ofMinutes(4));
        return new KillFigures(arrangement.scriptName(), takeovers, loads, inFlight, inFlightLost);
    }

    /** Drill 5a: kill the socket-proxy task's container. */
    DrillResult killSocketProxy(Arrangement arrangement) {
        String node = cluster.runningTaskNodes(LabCluster.SOCKET_PROXY).stream()
                .findFirst()
                .orElseThrow(() -> new LabException("the socket proxy runs nowhere"));
        LoadRun load = demoLoad();
        try {
            LoadRun.pause(QUIET);
            long killed = System.nanoTime();
            String id = cluster.killTaskContainer(node, LabCluster.SOCKET_PROXY);
            LoadRun.pause(Duration.ofSeconds(3));
            if (!LabCluster.await(Duration.ofSeconds(90), () -> cluster.settled(LabCluster.SOCKET_PROXY))) {
                throw new LabException("the socket proxy did not come back within 90 s of killing " + id);
            }
            double back = seconds(System.nanoTime() - killed);
            LoadRun.pause(SETTLE.plusSeconds(5));
            Finished finished = load.stop();
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("socket-proxy running again after", String.format(Locale.ROOT, "%.1f s", back));
            return DrillResult.of(
                    "5a", "kill the socket-proxy task", arrangement.scriptName(), finished.report(), extra);
        } finally {
            load.stopQuietly();
        }
    }

    /**
     * Drill 5b: restart the dockerd of a node that does not hold the VIP (SIGTERM: it stops its tasks).
     * The swarm's leader when it is such a node: losing the leader is the harder case (a new election,
     * and every node must find the new leader before it declares them down).
     */
    DrillResult restartDockerd(Arrangement arrangement) {
        String holder = cluster.vipHolder().orElseThrow(() -> new LabException("no single VIP holder"));
        Optional<String> leader = cluster.leader();
        String node = leader.filter(n -> !n.equals(holder))
                .orElseGet(() -> LabCluster.NODES.stream()
                        .filter(n -> !n.equals(holder))
                        .findFirst()
                        .orElseThrow());
        boolean leaderRestarted = leader.filter(node::equals).isPresent();
        LoadRun load = demoLoad();
        try {
            LoadRun.pause(QUIET);
            long stopped = System.nanoTime();
            FailureTimeline timeline = new FailureTimeline().mark("sigterm");
            // dockerd runs under tini -g in the node: SIGTERM reaches dockerd, which stops its containers and
            // exits, and the node container with it; `lab.sh start` starts it again (dockerd, Ready, keepalived).
            cluster.lab().exec(node, Lab.QUICK, "kill", "-TERM", "1").orThrow();
            if (!LabCluster.await(Duration.ofSeconds(60), () -> !cluster.running(node))) {
                throw new LabException("the dockerd of " + node + " did not stop within 60 s");
            }
            double down = seconds(System.nanoTime() - stopped);
            timeline.mark("stopped");
            cluster.lab().startNode(node);
            timeline.mark("started");
            if (!LabCluster.await(
                    Duration.ofMinutes(3),
                    () -> cluster.runningTaskNodes(LabCluster.PROXY).contains(node))) {
                throw new LabException("no proxy task runs on " + node + " 3 min after its dockerd restarted");
            }
            double back = seconds(System.nanoTime() - stopped);
            LoadRun.pause(SETTLE);
            Finished finished = load.stop();
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("node", node + (leaderRestarted ? " (the swarm's leader)" : " (not the swarm's leader)"));
            extra.put("dockerd stopped after", String.format(Locale.ROOT, "%.1f s", down));
            extra.put("its proxy running after", String.format(Locale.ROOT, "%.1f s", back));
            extra.put("failures", timeline.describe(finished));
            DrillResult result = DrillResult.of(
                    "5b",
                    "restart a node's dockerd (not the VIP holder)",
                    arrangement.scriptName(),
                    finished.report(),
                    extra);
            if (result.failed() > 0) {
                keepProxyLogs(holder, "drill-5b-" + arrangement.scriptName());
            }
            return result;
        } finally {
            load.stopQuietly();
        }
    }

    /** Drill 5c: kill the proxy task's container on a node that does not hold the VIP. */
    DrillResult killProxyOnNonHolder(Arrangement arrangement) {
        String holder = cluster.vipHolder().orElseThrow(() -> new LabException("no single VIP holder"));
        String node = cluster.runningTaskNodes(LabCluster.PROXY).stream()
                .filter(n -> !n.equals(holder))
                .findFirst()
                .orElseThrow(() -> new LabException("no proxy task runs outside the VIP holder"));
        LoadRun load = demoLoad();
        try {
            LoadRun.pause(QUIET);
            long killed = System.nanoTime();
            FailureTimeline timeline = new FailureTimeline().mark("kill");
            String id = cluster.killTaskContainer(node, LabCluster.PROXY);
            if (!LabCluster.await(
                    Duration.ofSeconds(90),
                    () -> cluster.containerRuns(node, LabCluster.PROXY, id) && cluster.settled(LabCluster.PROXY))) {
                throw new LabException("no new proxy task on " + node + " within 90 s");
            }
            double back = seconds(System.nanoTime() - killed);
            LoadRun.pause(SETTLE);
            Finished finished = load.stop();
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("node", node);
            extra.put("proxy running again after", String.format(Locale.ROOT, "%.1f s", back));
            extra.put("failures", timeline.describe(finished));
            return DrillResult.of(
                    "5c",
                    "kill a proxy task (not on the VIP holder)",
                    arrangement.scriptName(),
                    finished.report(),
                    extra);
        } finally {
            load.stopQuietly();
        }
    }

    /**
     * Drill 6: partition the manager that holds the VIP for {@code partitioned}, heal it; afterwards the
     * VIP's owners are counted on every node until the lab is healthy, then five more times.
     */
    PartitionFigures partitionHolder(Arrangement arrangement, Duration partitioned) {
        String holder = cluster.vipHolder().orElseThrow(() -> new LabException("no single VIP holder"));
        LoadRun load = demoLoad();
        try {
            LoadRun.pause(QUIET);
            FailureTimeline timeline = new FailureTimeline().mark("partition");
            cluster.lab().partition(holder);
            LoadRun.pause(partitioned.minusSeconds(3));
            List<String> during = cluster.vipOwners();
            LoadRun.pause(Duration.ofSeconds(3));
            timeline.mark("heal");
            cluster.lab().heal(holder);
            long healed = System.nanoTime();
            boolean converged = LabCluster.await(Duration.ofMinutes(2), () -> {
                var status = cluster.lab().status();
                return status.healthy() && status.readyManagers() == 3;
            });
            double convergedS = seconds(System.nanoTime() - healed);
            timeline.mark("converged");
            List<List<String>> after = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                after.add(cluster.vipOwners());
                LoadRun.pause(Duration.ofSeconds(1));
            }
            Finished finished = load.stop();
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("partitioned", holder);
            extra.put("VIP owners during", during.toString());
            extra.put("owners after heal", new TreeMap<>(countOwners(after)).toString());
            extra.put(
                    "converged",
                    converged ? String.format(Locale.ROOT, "%.1f s after heal", convergedS) : "NOT within 2 min");
            extra.put("failures", timeline.describe(finished));
            DrillResult result = DrillResult.of(
                    "6", "partition the VIP holder, heal", arrangement.scriptName(), finished.report(), extra);
            return new PartitionFigures(result, converged, after);
        } finally {
            load.stopQuietly();
            cluster.lab().heal(holder);
        }
    }

    private static Map<String, Integer> countOwners(List<List<String>> samples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (List<String> owners : samples) {
            counts.merge(owners.toString(), 1, Integer::sum);
        }
        return counts;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Drill 6's result with what its assertion needs. */
    record PartitionFigures(DrillResult result, boolean converged, List<List<String>> ownersAfterHeal) {}

    /** Drill 4's runs. */
    record KillFigures(
            String arrangement, List<Double> takeoversMs, List<Finished> loads, long inFlight, long inFlightLost) {
        double median() {
            return quantile(0.5);
        }

        /** Nearest rank over the runs; a run whose VIP never answered again counts as infinitely long. */
        double quantile(double q) {
            List<Double> sorted = takeoversMs.stream()
                    .map(t -> t.isNaN() ? Double.POSITIVE_INFINITY : t)
                    .sorted()
                    .toList();
            int index = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
        }

        DrillResult result() {
            long requests = loads.stream().mapToLong(f -> f.report().requests()).sum();
            long failed = loads.stream().mapToLong(f -> f.report().failed()).sum();
            Map<String, Long> kinds = new LinkedHashMap<>();
            loads.forEach(f -> f.report().failuresByKind().forEach((k, v) -> kinds.merge(k, v, Long::sum)));
            Finished worst = loads.stream()
                    .max(Comparator.comparingDouble(f -> f.report().longestGapMs()))
                    .orElseThrow();
            LatencySummary latency = LatencySummary.of(loads.stream()
                    .flatMap(f -> f.samples().stream())
                    .filter(s -> s.outcome().ok())
                    .mapToLong(Sample::latencyNanos)
                    .toArray());
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("runs", String.valueOf(takeoversMs.size()));
            extra.put(
                    "takeover median/p90/max",
                    DrillTable.ms(median()) + " / " + DrillTable.ms(quantile(0.9)) + " / "
                            + DrillTable.ms(quantile(1.0)));
            extra.put("in-flight lost", inFlightLost + " of " + inFlight);
            extra.put(
                    "takeovers",
                    takeoversMs.stream().map(DrillTable::ms).toList().toString());
            return new DrillResult(
                    "4",
                    "kill the VIP holder (docker kill)",
                    arrangement,
                    requests,
                    failed,
                    kinds,
                    worst.report().longestGapMs(),
                    DrillResult.longestGapCause(worst.report()),
                    latency.p50Ms(),
                    latency.p99Ms(),
                    latency.maxMs(),
                    extra);
        }
    }

    /** The proxies' last minutes of logs, asked on {@code node}, to target/{@code name}-proxy.log. */
    private void keepProxyLogs(String node, String name) {
        var logs = cluster.lab().docker(node, "service", "logs", "--timestamps", "--since", "4m", LabCluster.PROXY);
        try {
            java.nio.file.Path file =
                    java.nio.file.Path.of(System.getProperty("lab.reportDir", "target"), name + "-proxy.log");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, logs.stdout() + logs.stderr());
            System.out.println("DRILL logs of " + LabCluster.PROXY + " kept in " + file);
        } catch (java.io.IOException e) {
            System.out.println("DRILL logs of " + LabCluster.PROXY + " not kept: " + e.getMessage());
        }
    }
}
