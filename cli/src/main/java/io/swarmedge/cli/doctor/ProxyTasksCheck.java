package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One healthy proxy task on every node that should have one. A global proxy should run on every
 * ready, active node its placement allows; a replicated one runs where the scheduler put it, and
 * with host-mode ports only those nodes answer.
 */
public final class ProxyTasksCheck implements Check {
    static final String AREA = "proxy";

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<ServiceInfo> proxies = Role.in(snapshot, Role.PROXY);
        if (proxies.isEmpty()) {
            return List.of(Finding.fail(
                    AREA,
                    "no proxy service found" + SocketProxyCheck.scopeNote(snapshot)
                            + " (looked for a proxy command, a traefik image or label " + Role.LABEL + "=proxy)",
                    "deploy the stack: swarmedge up, or docker stack deploy -c deploy/swarmedge-stack.yml swarmedge"));
        }
        List<Finding> findings = new ArrayList<>();
        for (ServiceInfo proxy : proxies) {
            if (proxy.global()) {
                global(snapshot, proxy, findings);
            } else {
                replicated(snapshot, proxy, findings);
            }
        }
        return findings;
    }

    private static void global(ClusterSnapshot snapshot, ServiceInfo proxy, List<Finding> findings) {
        List<String> unknown = Placement.unknown(proxy.constraints());
        if (!unknown.isEmpty()) {
            findings.add(Finding.warn(
                    AREA,
                    proxy.name() + ": constraints " + unknown + " cannot be judged here; counted as satisfied",
                    "check with: docker service ps " + proxy.name()));
        }
        List<NodeInfo> eligible = Placement.eligible(snapshot, proxy);
        String health = "running (Swarm reports running only after a health check passes)";
        if (eligible.isEmpty()) {
            findings.add(Finding.fail(
                    AREA,
                    "proxy " + proxy.name() + " (global, constraints " + proxy.constraints()
                            + ") fits no ready, active node: nothing answers on its ports",
                    "activate nodes (docker node update --availability active <node>) or relax its constraints"));
            return;
        }
        for (NodeInfo node : eligible) {
            List<TaskInfo> running = snapshot.tasksOf(proxy).stream()
                    .filter(t -> t.nodeId().equals(node.id()) && t.wanted() && t.running())
                    .toList();
            if (running.size() == 1) {
                findings.add(Finding.ok(AREA, "proxy " + proxy.name() + " on " + node.name() + ": 1 task " + health));
            } else if (running.isEmpty()) {
                findings.add(Finding.fail(
                        AREA,
                        "proxy " + proxy.name() + " on " + node.name() + ": no running task"
                                + TaskWords.lastProblemOn(snapshot, proxy, node.id())
                                + "; requests reaching this node fail",
                        fixFor(snapshot, proxy, node)));
            } else {
                findings.add(Finding.warn(
                        AREA,
                        "proxy " + proxy.name() + " on " + node.name() + ": " + running.size()
                                + " running tasks (an update in progress?)",
                        "wait for the update to finish: docker service ps " + proxy.name()));
            }
        }
    }

    private static void replicated(ClusterSnapshot snapshot, ServiceInfo proxy, List<Finding> findings) {
        List<TaskInfo> running = snapshot.tasksOf(proxy).stream()
                .filter(t -> t.wanted() && t.running())
                .toList();
        TreeSet<String> nodes = new TreeSet<>();
        running.forEach(t -> nodes.add(snapshot.nodeName(t.nodeId())));
        String where = nodes.isEmpty() ? "" : " on " + String.join(", ", nodes);
        String what = "proxy " + proxy.name() + " is replicated: " + running.size() + " of " + proxy.replicas()
                + " tasks running" + where;
        boolean hostPorts = proxy.ports().stream().anyMatch(p -> "host".equals(p.mode()));
        String consequence = hostPorts
                ? "; its ports are published in host mode, so only those nodes answer: the VIP must stay on them"
                : "";
        if (running.isEmpty()) {
            findings.add(Finding.fail(
                    AREA,
                    what + TaskWords.lastProblem(snapshot, proxy) + ": nothing is routed",
                    "docker service ps --no-trunc " + proxy.name() + " shows why"));
        } else if (running.size() < proxy.replicas()) {
            findings.add(Finding.warn(
                    AREA,
                    what + TaskWords.lastProblem(snapshot, proxy) + consequence,
                    "docker service ps --no-trunc " + proxy.name() + " shows why"));
        } else {
            findings.add(Finding.warn(
                    AREA,
                    what + consequence,
                    "run it global (deploy.mode: global) so every edge node answers and the VIP can move anywhere"));
        }
    }

    private static String fixFor(ClusterSnapshot snapshot, ServiceInfo proxy, NodeInfo node) {
        String problem = TaskWords.lastProblemOn(snapshot, proxy, node.id());
        if (problem.contains("No such image")) {
            return "the image " + proxy.imageName() + " is missing on " + node.name()
                    + ": build or load it there (scripts/build-images.sh, or docker save | docker load)";
        }
        if (problem.contains("port") && problem.contains("already")) {
            return "another program holds the proxy's host ports on " + node.name() + ": stop it";
        }
        return "docker service ps --no-trunc --filter node=" + node.name() + " " + proxy.name() + " shows why";
    }
}
