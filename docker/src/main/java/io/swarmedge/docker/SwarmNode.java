package io.swarmedge.docker;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A node of the swarm.
 *
 * @param id the node ID
 * @param hostname the node's host name
 * @param role manager or worker
 * @param availability whether Swarm may place tasks on it
 * @param state whether the node is reachable
 * @param address the address the node reports
 * @param leader whether it is the raft leader
 * @param labels the node's labels ({@code spec.labels})
 */
public record SwarmNode(
        String id,
        String hostname,
        Role role,
        Availability availability,
        State state,
        String address,
        boolean leader,
        Map<String, String> labels) {

    /** A node's role. */
    public enum Role {
        MANAGER,
        WORKER,
        UNKNOWN
    }

    /** Whether Swarm schedules tasks on the node. */
    public enum Availability {
        ACTIVE,
        PAUSE,
        DRAIN,
        UNKNOWN
    }

    /** The node's status as the managers see it. */
    public enum State {
        UNKNOWN,
        DOWN,
        READY,
        DISCONNECTED
    }

    public SwarmNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(address, "address");
        labels = Map.copyOf(labels);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
