package io.swarmedge.cli.doctor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the checks look at, read once from the cluster: the engine, nodes, services, tasks and
 * networks as the Docker API described them, and what the doctor observed beside the API (vip
 * metrics, certificates, volume write tests). Immutable; checks are pure functions of it.
 *
 * @param takenAt when it was read (certificate days are counted from it)
 * @param vip the floating address, who holds it, as far as the doctor could tell
 */
public record ClusterSnapshot(
        Instant takenAt,
        DoctorScope scope,
        EngineInfo engine,
        List<NodeInfo> nodes,
        List<ServiceInfo> services,
        List<TaskInfo> tasks,
        List<NetworkInfo> networks,
        VipObservation vip,
        CertificateInventory certificates,
        List<VolumeProbe> volumeProbes) {
    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        services = List.copyOf(services);
        tasks = List.copyOf(tasks);
        networks = List.copyOf(networks);
        volumeProbes = List.copyOf(volumeProbes);
    }

    /** The same snapshot with these observations (the reader adds them after the API reads). */
    public ClusterSnapshot withObservations(
            VipObservation vip, CertificateInventory certificates, List<VolumeProbe> volumeProbes) {
        return new ClusterSnapshot(
                takenAt, scope, engine, nodes, services, tasks, networks, vip, certificates, volumeProbes);
    }

    public Optional<NodeInfo> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The node's hostname, or its id when the swarm does not know it (any more). */
    public String nodeName(String id) {
        return node(id).map(NodeInfo::name).orElse(id.isEmpty() ? "(no node)" : id);
    }

    public Optional<NetworkInfo> network(String idOrName) {
        return networks.stream()
                .filter(n -> n.id().equals(idOrName) || n.name().equals(idOrName))
                .findFirst();
    }

    /** The services of the stacks in scope. */
    public List<ServiceInfo> scopedServices() {
        return services.stream().filter(s -> scope.includesStack(s.stack())).toList();
    }

    public List<TaskInfo> tasksOf(ServiceInfo service) {
        return tasks.stream().filter(t -> t.serviceId().equals(service.id())).toList();
    }

    /** The network names of a service, for messages. */
    public List<String> networkNames(ServiceInfo service) {
        return service.networkIds().stream()
                .map(id -> network(id).map(NetworkInfo::name).orElse(id))
                .toList();
    }
}
