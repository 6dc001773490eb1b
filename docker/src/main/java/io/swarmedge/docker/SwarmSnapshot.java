package io.swarmedge.docker;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the Swarm provider knows at one moment: immutable, comparable with {@code equals} (so
 * an unchanged swarm causes no rebuild), services ordered by name and nodes by ID.
 *
 * @param services the services with their tasks
 * @param networks the networks by ID
 * @param nodes the nodes (empty when the endpoint does not allow listing them)
 */
public record SwarmSnapshot(List<SwarmService> services, Map<String, SwarmNetwork> networks, List<SwarmNode> nodes) {
    public static final SwarmSnapshot EMPTY = new SwarmSnapshot(List.of(), Map.of(), List.of());

    public SwarmSnapshot {
        services = services.stream()
                .sorted(Comparator.comparing(SwarmService::name).thenComparing(SwarmService::id))
                .toList();
        networks = Map.copyOf(networks);
        nodes = nodes.stream().sorted(Comparator.comparing(SwarmNode::id)).toList();
    }

    /** The service with this name. */
    public Optional<SwarmService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The network with this name (Docker allows duplicates: swarm-scoped ones win, then the lowest ID). */
    public Optional<SwarmNetwork> networkByName(String name) {
        return networks.values().stream()
                .filter(n -> n.name().equals(name))
                .min(Comparator.comparing((SwarmNetwork n) -> !n.scope().equals("swarm"))
                        .thenComparing(SwarmNetwork::id));
    }
}
