package io.swarmedge.cli.doctor;

import java.util.Map;

/**
 * A swarm node as {@code /nodes} describes it.
 *
 * @param role {@code manager} or {@code worker}
 * @param availability {@code active}, {@code pause} or {@code drain}
 * @param state {@code ready}, {@code down}, {@code unknown} or {@code disconnected}
 * @param address the node's address as the swarm sees it ({@code Status.Addr})
 * @param reachability for managers: {@code reachable}, {@code unreachable} or {@code unknown}; "" for workers
 * @param leader whether it is the Raft leader
 * @param engineVersion the engine version it reports
 * @param labels node labels ({@code node.labels.*})
 * @param engineLabels engine labels ({@code engine.labels.*})
 */
public record NodeInfo(
        String id,
        String hostname,
        String role,
        String availability,
        String state,
        String address,
        String reachability,
        boolean leader,
        String engineVersion,
        String os,
        String architecture,
        Map<String, String> labels,
        Map<String, String> engineLabels) {
    public NodeInfo {
        labels = Map.copyOf(labels);
        engineLabels = Map.copyOf(engineLabels);
    }

    public boolean isManager() {
        return "manager".equals(role);
    }

    /** Ready and active: the scheduler may place tasks on it. */
    public boolean schedulable() {
        return "ready".equals(state) && "active".equals(availability);
    }

    /** The name shown to people: the hostname, else the id. */
    public String name() {
        return hostname.isEmpty() ? id : hostname;
    }
}
