package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the Docker API's answers ({@code /version}, {@code /info}, {@code /nodes}, {@code /services},
 * {@code /tasks}, {@code /networks}) into a {@link ClusterSnapshot}. The same code reads a live engine
 * and the recorded answers the checks are tested with. Missing fields read as empty.
 */
public final class SnapshotParser {
    private SnapshotParser() {}

    /** The API answers of one engine, as read. */
    public record ApiAnswers(
            String endpoint,
            JsonNode version,
            JsonNode info,
            JsonNode nodes,
            JsonNode services,
            JsonNode tasks,
            JsonNode networks) {}

    /** A snapshot of the answers, without observations (those the reader adds). */
    public static ClusterSnapshot parse(ApiAnswers answers, DoctorScope scope, Instant takenAt) {
        List<NetworkInfo> networks = new ArrayList<>();
        for (JsonNode n : answers.networks()) {
            networks.add(network(n));
        }
        List<NodeInfo> nodes = new ArrayList<>();
        for (JsonNode n : answers.nodes()) {
            nodes.add(node(n));
        }
        List<ServiceInfo> services = new ArrayList<>();
        for (JsonNode s : answers.services()) {
            services.add(service(s, networks));
        }
        List<TaskInfo> tasks = new ArrayList<>();
        for (JsonNode t : answers.tasks()) {
            tasks.add(task(t));
        }
        return new ClusterSnapshot(
                takenAt,
                scope,
                engine(answers.endpoint(), answers.version(), answers.info()),
                nodes,
                services,
                tasks,
                networks,
                VipObservation.given(scope.vipAddresses()),
                CertificateInventory.empty(),
                List.of());
    }

    static EngineInfo engine(String endpoint, JsonNode version, JsonNode info) {
        JsonNode swarm = info.path("Swarm");
        return new EngineInfo(
                endpoint,
                version.path("Version").asText(""),
                version.path("ApiVersion").asText(""),
                version.path("MinAPIVersion").asText(""),
                swarm.path("NodeID").asText(""),
                swarm.path("LocalNodeState").asText("inactive"),
                swarm.path("ControlAvailable").asBoolean(false),
                swarm.path("Error").asText(""),
                heartbeat(swarm.path("Cluster").path("Spec").path("Dispatcher").path("HeartbeatPeriod")));
    }

    /** The API gives the heartbeat period in nanoseconds; absent outside a manager's answer. */
    private static Optional<Duration> heartbeat(JsonNode nanos) {
        return nanos.canConvertToLong() && nanos.asLong() > 0
                ? Optional.of(Duration.ofNanos(nanos.asLong()))
                : Optional.empty();
    }

    static NodeInfo node(JsonNode n) {
        JsonNode description = n.path("Description");
        JsonNode manager = n.path("ManagerStatus");
        return new NodeInfo(
                n.path("ID").asText(""),
                description.path("Hostname").asText(""),
                n.path("Spec").path("Role").asText(""),
                n.path("Spec").path("Availability").asText(""),
                n.path("Status").path("State").asText(""),
                n.path("Status").path("Addr").asText(""),
                manager.path("Reachability").asText(""),
                manager.path("Leader").asBoolean(false),
                description.path("Engine").path("EngineVersion").asText(""),
                description.path("Platform").path("OS").asText(""),
                description.path("Platform").path("Architecture").asText(""),
                strings(n.path("Spec").path("Labels")),
                strings(description.path("Engine").path("Labels")));
    }

    static ServiceInfo service(JsonNode s, List<NetworkInfo> networks) {
        JsonNode spec = s.path("Spec");
        JsonNode template = spec.path("TaskTemplate");
        JsonNode container = template.path("ContainerSpec");
        List<String> words = new ArrayList<>();
        container.path("Command").forEach(w -> words.add(w.asText()));
        container.path("Args").forEach(w -> words.add(w.asText()));
        List<String> constraints = new ArrayList<>();
        template.path("Placement").path("Constraints").forEach(c -> constraints.add(c.asText()));
        List<String> networkIds = new ArrayList<>();
        template.path("Networks").forEach(n -> networkIds.add(n.path("Target").asText()));
        spec.path("Networks").forEach(n -> networkIds.add(n.path("Target").asText())); // older engines
        boolean hostNetwork = networkIds.stream()
                .anyMatch(id -> networks.stream()
                        .anyMatch(n -> (n.id().equals(id) || n.name().equals(id)) && "host".equals(n.driver())));
        List<PublishedPort> ports = new ArrayList<>();
        JsonNode portList = s.path("Endpoint").path("Ports");
        if (portList.isEmpty()) {
            portList = spec.path("EndpointSpec").path("Ports");
        }
        for (JsonNode p : portList) {
            ports.add(new PublishedPort(
                    p.path("TargetPort").asInt(),
                    p.path("PublishedPort").asInt(),
                    p.path("Protocol").asText("tcp"),
                    p.path("PublishMode").asText("ingress")));
        }
        List<MountInfo> mounts = new ArrayList<>();
        for (JsonNode m : container.path("Mounts")) {
            JsonNode driver = m.path("VolumeOptions").path("DriverConfig");
            mounts.add(new MountInfo(
                    m.path("Type").asText("volume"),
                    m.path("Source").asText(""),
                    m.path("Target").asText(""),
                    m.path("ReadOnly").asBoolean(false),
                    driver.path("Name").asText(""),
                    strings(driver.path("Options"))));
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (JsonNode c : container.path("Configs")) {
            if (c.path("File").has("Name")) {
                configs.put(
                        c.path("File").path("Name").asText(), c.path("ConfigID").asText(""));
            }
        }
        Map<String, String> labels = strings(spec.path("Labels"));
        JsonNode mode = spec.path("Mode");
        return new ServiceInfo(
                s.path("ID").asText(""),
                spec.path("Name").asText(""),
                container.path("Image").asText(""),
                words,
                labels,
                labels.getOrDefault("com.docker.stack.namespace", ""),
                mode.has("Global"),
                mode.path("Replicated").path("Replicas").asLong(mode.has("Global") ? 0 : 1),
                constraints,
                networkIds,
                ports,
                mounts,
                configs,
                hostNetwork,
                container.path("User").asText(""));
    }

    static TaskInfo task(JsonNode t) {
        JsonNode status = t.path("Status");
        return new TaskInfo(
                t.path("ID").asText(""),
                t.path("ServiceID").asText(""),
                t.path("NodeID").asText(""),
                t.path("DesiredState").asText(""),
                status.path("State").asText(""),
                status.path("Err").asText(""),
                status.path("Message").asText(""),
                status.path("ContainerStatus").path("ContainerID").asText(""),
                instant(status.path("Timestamp").asText(t.path("UpdatedAt").asText(""))));
    }

    static NetworkInfo network(JsonNode n) {
        return new NetworkInfo(
                n.path("Id").asText(n.path("ID").asText("")),
                n.path("Name").asText(""),
                n.path("Driver").asText(""),
                n.path("Scope").asText(""),
                n.path("Attachable").asBoolean(false),
                n.path("Internal").asBoolean(false),
                n.path("Ingress").asBoolean(false),
                strings(n.path("Options")));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText("")));
        return map;
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
