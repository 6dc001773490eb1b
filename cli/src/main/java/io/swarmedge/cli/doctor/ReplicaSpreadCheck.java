package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Replicated services that run several tasks but all of them on one node: losing that node stops the
 * service until Swarm has rescheduled it, although it has replicas for exactly that case. Drains and
 * reactivations leave tasks where they are, so replicas end up together more often than one expects.
 */
public final class ReplicaSpreadCheck implements Check {
    static final String AREA = "replicas";

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        Map<String, NodeInfo> nodes =
                snapshot.nodes().stream().collect(Collectors.toMap(NodeInfo::id, Function.identity(), (a, b) -> a));
        long schedulable = snapshot.nodes().stream()
                .filter(n -> "ready".equals(n.state()) && "active".equals(n.availability()))
                .count();
        List<Finding> findings = new ArrayList<>();
        int checked = 0;
        for (ServiceInfo service : snapshot.scopedServices()) {
            if (service.global() || service.replicas() < 2) {
                continue;
            }
            checked++;
            List<TaskInfo> running = snapshot.tasksOf(service).stream()
                    .filter(t -> t.wanted() && t.running())
                    .toList();
            Set<String> onNodes = running.stream().map(TaskInfo::nodeId).collect(Collectors.toSet());
            if (running.size() < 2 || onNodes.size() > 1) {
                continue;
            }
            NodeInfo node = nodes.get(onNodes.iterator().next());
            String where = node == null ? onNodes.iterator().next() : node.name();
            if (schedulable < 2) {
                // One node takes tasks: nowhere to spread to (the node and manager checks say why).
                findings.add(Finding.ok(
                        AREA,
                        service.name() + ": its " + running.size() + " tasks run on " + where
                                + ", the only node that takes tasks"));
            } else {
                findings.add(Finding.warn(
                        AREA,
                        service.name() + ": its " + running.size() + " tasks all run on " + where
                                + ": losing that node stops the service until Swarm reschedules it",
                        "spread them now: docker service update --force " + service.name()
                                + "; keep them apart: deploy.placement.max_replicas_per_node: 1 (or"
                                + " preferences: [spread: node.id]) in its stack file"));
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(
                    AREA,
                    checked == 0
                            ? "no service with several replicas" + SocketProxyCheck.scopeNote(snapshot)
                            : checked + " service(s) with several replicas: none runs them all on one node"));
        }
        return findings;
    }
}
