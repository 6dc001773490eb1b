package io.swarmedge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the engine's JSON ({@code /services}, {@code /tasks}, {@code /networks}, {@code /nodes}) into
 * the provider's records. Missing fields read as empty: engines of different versions leave out
 * different ones, and a partial object must not stop the rest from being read.
 */
final class SwarmJson {
    private SwarmJson() {}

    /** Services without their tasks; virtual IPs get their network names from {@code networks}. */
    static List<SwarmService> services(JsonNode array, Map<String, SwarmNetwork> networks) {
        List<SwarmService> services = new ArrayList<>();
        for (JsonNode service : elements(array)) {
            JsonNode spec = service.path("Spec");
            String id = service.path("ID").asText("");
            if (id.isEmpty()) {
                continue;
            }
            List<VirtualIp> vips = new ArrayList<>();
            for (JsonNode vip : elements(service.path("Endpoint").path("VirtualIPs"))) {
                String networkId = vip.path("NetworkID").asText("");
                SwarmNetwork network = networks.get(networkId);
                vips.add(new VirtualIp(
                        networkId,
                        network == null ? "" : network.name(),
                        withoutPrefix(vip.path("Addr").asText(""))));
            }
            // The spec's mode, not the endpoint's: it is what the user asked for, and set at once.
            String mode = spec.path("EndpointSpec").path("Mode").asText("vip");
            services.add(new SwarmService(
                    id,
                    spec.path("Name").asText(id),
                    strings(spec.path("Labels")),
                    EndpointMode.parse(mode),
                    vips,
                    List.of(),
                    mode(spec.path("Mode"))));
        }
        return services;
    }

    /** {@code Spec.Mode}: {@code {"Replicated":{"Replicas":2}}}, {@code {"Global":{}}}, or a job. */
    static ServiceMode mode(JsonNode mode) {
        if (mode.has("Global")) {
            return new ServiceMode.Global();
        }
        if (mode.has("ReplicatedJob") || mode.has("GlobalJob")) {
            return new ServiceMode.Job();
        }
        // Docker's default when the count is left out is one replica.
        return new ServiceMode.Replicated(
                mode.path("Replicated").path("Replicas").asLong(1));
    }

    /** Tasks with their service IDs, ordered by service, slot and ID. */
    static List<SwarmReader.ServiceTaskRef> tasks(JsonNode array) {
        List<SwarmReader.ServiceTaskRef> tasks = new ArrayList<>();
        for (JsonNode task : elements(array)) {
            String id = task.path("ID").asText("");
            String serviceId = task.path("ServiceID").asText("");
            if (id.isEmpty() || serviceId.isEmpty()) {
                continue;
            }
            Map<String, List<String>> addresses = new LinkedHashMap<>();
            for (JsonNode attachment : elements(task.path("NetworksAttachments"))) {
                String network =
                        attachment.path("Network").path("Spec").path("Name").asText("");
                if (network.isEmpty()) {
                    network = attachment.path("Network").path("ID").asText("");
                }
                List<String> ips = new ArrayList<>();
                for (JsonNode address : elements(attachment.path("Addresses"))) {
                    ips.add(withoutPrefix(address.asText("")));
                }
                addresses.merge(network, ips, (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
            tasks.add(new SwarmReader.ServiceTaskRef(
                    serviceId,
                    new SwarmTask(
                            id,
                            task.path("Slot").asInt(0),
                            task.path("NodeID").asText(""),
                            TaskState.parse(task.path("Status").path("State").asText("")),
                            TaskState.parse(task.path("DesiredState").asText("")),
                            addresses)));
        }
        tasks.sort(Comparator.comparing(SwarmReader.ServiceTaskRef::serviceId)
                .thenComparingInt(t -> t.task().slot())
                .thenComparing(t -> t.task().id()));
        return tasks;
    }

    /** Networks by ID. */
    static Map<String, SwarmNetwork> networks(JsonNode array) {
        Map<String, SwarmNetwork> networks = new LinkedHashMap<>();
        for (JsonNode network : elements(array)) {
            String id = network.path("Id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            networks.put(
                    id,
                    new SwarmNetwork(
                            id,
                            network.path("Name").asText(id),
                            network.path("Driver").asText(""),
                            network.path("Scope").asText(""),
                            network.path("Internal").asBoolean(false),
                            network.path("Attachable").asBoolean(false),
                            network.path("Ingress").asBoolean(false),
                            strings(network.path("Labels"))));
        }
        return networks;
    }

    static List<SwarmNode> nodes(JsonNode array) {
        List<SwarmNode> nodes = new ArrayList<>();
        for (JsonNode node : elements(array)) {
            String id = node.path("ID").asText("");
            if (id.isEmpty()) {
                continue;
            }
            JsonNode spec = node.path("Spec");
            nodes.add(new SwarmNode(
                    id,
                    node.path("Description").path("Hostname").asText(""),
                    SwarmNode.parse(SwarmNode.Role.class, spec.path("Role").asText(""), SwarmNode.Role.UNKNOWN),
                    SwarmNode.parse(
                            SwarmNode.Availability.class,
                            spec.path("Availability").asText(""),
                            SwarmNode.Availability.UNKNOWN),
                    SwarmNode.parse(
                            SwarmNode.State.class,
                            node.path("Status").path("State").asText(""),
                            SwarmNode.State.UNKNOWN),
                    node.path("Status").path("Addr").asText(""),
                    node.path("ManagerStatus").path("Leader").asBoolean(false),
                    strings(spec.path("Labels"))));
        }
        return nodes;
    }

    private static Iterable<JsonNode> elements(JsonNode node) {
        return node.isArray() ? node::elements : List.of();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object.isObject()) {
            object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText("")));
        }
        return map;
    }

    /** {@code 10.0.1.5/24} → {@code 10.0.1.5}. */
    private static String withoutPrefix(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
