package io.swarmedge.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One task of a service, as the last read saw it.
 *
 * @param id the task ID
 * @param slot the replica slot (1..n); 0 for the tasks of a global service, which have none
 * @param nodeId the node the task is scheduled on ("" before it is assigned)
 * @param state the task's current state
 * @param desiredState the state Swarm wants it in; anything but {@code RUNNING} means it is going away
 * @param addresses the task's IP addresses (no prefix length) by network name
 */
public record SwarmTask(
        String id,
        int slot,
        String nodeId,
        TaskState state,
        TaskState desiredState,
        Map<String, List<String>> addresses) {

    public SwarmTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(desiredState, "desiredState");
        addresses = addresses.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    /**
     * Whether traffic may go to this task: it runs, and Swarm still wants it to. A task whose desired
     * state has left {@code running} is being stopped (scale down, update, drain) and must get no new
     * requests even though its container still answers.
     */
    public boolean routable() {
        return state == TaskState.RUNNING && desiredState == TaskState.RUNNING;
    }

    /** The task's addresses on one network (empty when it is not attached to it). */
    public List<String> addressesOn(String networkName) {
        return addresses.getOrDefault(networkName, List.of());
    }
}
