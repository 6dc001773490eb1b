package io.swarmedge.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Swarm service as the provider needs it: its labels (the service's own, {@code spec.labels},
 * where Traefik-style configuration lives), how its name resolves, and its tasks.
 *
 * @param id the service ID
 * @param name the service name ({@code stack_service} for stack services)
 * @param labels the service labels
 * @param endpointMode virtual IP or DNS round-robin
 * @param virtualIps the service's virtual IPs (none in {@code dnsrr} mode)
 * @param tasks the tasks Swarm wants running, ordered by slot then ID; see {@link SwarmTask#routable()}
 * @param mode how many tasks Swarm wants ({@code Spec.Mode})
 */
public record SwarmService(
        String id,
        String name,
        Map<String, String> labels,
        EndpointMode endpointMode,
        List<VirtualIp> virtualIps,
        List<SwarmTask> tasks,
        ServiceMode mode) {

    public SwarmService {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpointMode, "endpointMode");
        labels = Map.copyOf(labels);
        virtualIps = List.copyOf(virtualIps);
        tasks = List.copyOf(tasks);
    }

    /**
     * A replicated service wanting as many replicas as it has tasks now (tests and callers that do
     * not know the mode).
     */
    public SwarmService(
            String id,
            String name,
            Map<String, String> labels,
            EndpointMode endpointMode,
            List<VirtualIp> virtualIps,
            List<SwarmTask> tasks) {
        this(id, name, labels, endpointMode, virtualIps, tasks, new ServiceMode.Replicated(tasks.size()));
    }

    /** The tasks that may receive traffic now. */
    public List<SwarmTask> routableTasks() {
        return tasks.stream().filter(SwarmTask::routable).toList();
    }

    /**
     * The addresses on {@code networkName} of the tasks that may receive traffic now, ordered by
     * slot: what a load balancer for this service should hold.
     */
    public List<String> routableAddresses(String networkName) {
        return tasks.stream()
                .filter(SwarmTask::routable)
                .flatMap(t -> t.addressesOn(networkName).stream())
                .toList();
    }

    /** A copy without the tasks scheduled on these nodes (nodes Swarm reports down). */
    public SwarmService withoutTasksOn(Set<String> nodeIds) {
        if (nodeIds.isEmpty() || tasks.stream().noneMatch(t -> nodeIds.contains(t.nodeId()))) {
            return this;
        }
        return withTasks(
                tasks.stream().filter(t -> !nodeIds.contains(t.nodeId())).toList());
    }

    /** A copy with other tasks (the services read less often than the task list). */
    public SwarmService withTasks(List<SwarmTask> newTasks) {
        return new SwarmService(id, name, labels, endpointMode, virtualIps, newTasks, mode);
    }
}
