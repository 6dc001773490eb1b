package io.swarmedge.lab.drill;

import io.swarmedge.lab.Arrangement;
import io.swarmedge.lab.CommandResult;
import io.swarmedge.lab.Lab;
import io.swarmedge.lab.LabException;
import io.swarmedge.lab.LabStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The swarm operations the drills need, on top of {@link Lab}: which node runs which task, drain and
 * reactivate a node, kill a task's container, wait for the lab to be healthy again. Swarm commands run on
 * a node that is not the drill's target (a killed or partitioned node cannot answer).
 */
final class LabCluster {
    static final String WHOAMI = "swarmedge_whoami";
    static final String SINGLE = "swarmedge_whoami-single";
    static final String PROXY = "swarmedge_proxy";
    static final String SOCKET_PROXY = "swarmedge_socket-proxy";
    static final List<String> NODES = List.of("swarmedge-lab-1", "swarmedge-lab-2", "swarmedge-lab-3");

    private final Lab lab;

    LabCluster(Lab lab) {
        this.lab = lab;
    }

    Lab lab() {
        return lab;
    }

    /** A running node other than {@code avoid}, to run swarm commands on. */
    String control(String... avoid) {
        List<String> excluded = Arrays.asList(avoid);
        for (String node : NODES) {
            if (!excluded.contains(node) && running(node)) {
                return node;
            }
        }
        throw new LabException("no running node other than " + excluded);
    }

    boolean running(String node) {
        return lab.hostDocker(Lab.QUICK, "inspect", "--format", "{{.State.Running}}", node)
                .stdout()
                .strip()
                .equals("true");
    }

    /** The swarm command {@code args} on a node other than {@code avoid}, failing when it fails. */
    String swarm(Duration timeout, List<String> avoid, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "docker";
        System.arraycopy(args, 0, command, 1, args.length);
        return lab.exec(control(avoid.toArray(String[]::new)), timeout, command)
                .orThrow()
                .stdout();
    }

    String swarm(String... args) {
        return swarm(Lab.QUICK, List.of(), args);
    }

    /** Nodes on which {@code service} has a task in state Running. */
    List<String> runningTaskNodes(String service) {
        return swarm(
                        "service",
                        "ps",
                        service,
                        "--filter",
                        "desired-state=running",
                        "--format",
                        "{{.Node}}|{{.CurrentState}}")
                .lines()
                .filter(line -> line.contains("|Running"))
                .map(line -> line.substring(0, line.indexOf('|')))
                .toList();
    }

    /** Whether every task of {@code service} that should run does, and none is still starting or leaving. */
    boolean settled(String service) {
        List<String> lines = swarm(
                        "service", "ps", service, "--filter", "desired-state=running", "--format", "{{.CurrentState}}")
                .lines()
                .toList();
        return !lines.isEmpty() && lines.stream().allMatch(line -> line.startsWith("Running"));
    }

    void availability(String node, String availability) {
        swarm(Duration.ofSeconds(60), List.of(node), "node", "update", "--availability", availability, node);
    }

    /** {@code docker kill} of the container of {@code service}'s task on {@code node}; its id. */
    String killTaskContainer(String node, String service) {
        String id = lab.docker(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service)
                .orThrow()
                .stdout()
                .lines()
                .findFirst()
                .orElseThrow(() -> new LabException("no container of " + service + " runs on " + node));
        lab.docker(node, "kill", id).orThrow();
        return id;
    }

    /** Whether {@code service} has a running container on {@code node} other than {@code notId}. */
    boolean containerRuns(String node, String service, String notId) {
        CommandResult ps = lab.docker(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service);
        return ps.ok() && ps.stdout().lines().anyMatch(id -> !id.isBlank() && !notId.startsWith(id));
    }

    /** The node that leads the swarm's Raft group now, if one does. */
    Optional<String> leader() {
        return swarm("node", "ls", "--format", "{{.Hostname}}|{{.ManagerStatus}}")
                .lines()
                .filter(line -> line.endsWith("|Leader"))
                .map(line -> line.substring(0, line.indexOf('|')))
                .findFirst();
    }

    /** The nodes that have the VIP on their lab interface (every node's addresses are asked). */
    List<String> vipOwners() {
        return lab.status().vipHolders();
    }

    Optional<String> vipHolder() {
        List<String> owners = vipOwners();
        return owners.size() == 1 ? Optional.of(owners.getFirst()) : Optional.empty();
    }

    /** Switches the VIP's arrangement when the lab runs another one. */
    void arrangement(Arrangement arrangement) {
        if (!lab.status().arrangement().equals(arrangement.scriptName())) {
            lab.arrangement(arrangement);
        }
    }

    /**
     * Waits until the lab is healthy (every service runs, every proxy routes the demo, exactly one VIP
     * owner and the demo answers through it) twice in a row; the last status otherwise.
     */
    LabStatus awaitHealthy(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int healthyInARow = 0;
        LabStatus status = lab.status();
        while (System.nanoTime() < deadline) {
            status = lab.status();
            healthyInARow = status.healthy() && status.readyManagers() == 3 ? healthyInARow + 1 : 0;
            if (healthyInARow >= 2) {
                return status;
            }
            LoadRun.pause(Duration.ofSeconds(1));
        }
        throw new LabException("the lab is not healthy after " + limit + ": " + status);
    }

    /** Polls {@code condition} every 250 ms; whether it held within {@code limit}. */
    static boolean await(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (LabException e) {
                // a node between states (starting, partitioned) may not answer: ask again
            }
            LoadRun.pause(Duration.ofMillis(250));
        }
        return false;
    }
}
