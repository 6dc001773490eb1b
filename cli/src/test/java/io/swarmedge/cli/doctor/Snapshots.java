package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Recorded Docker API answers for the checks' tests. {@code doctor/single-node.json} was recorded from
 * this machine's swarm (one manager, "vm") with two stacks: {@code edge} (socket-proxy on an internal
 * network, a global proxy, a vip on the host network, an app with a writable and a read-only volume)
 * and {@code broken} (a socket proxy publishing a port on the public network, a proxy whose image is
 * missing, an app whose NFS volume cannot be mounted). Tests derive other clusters from it.
 */
final class Snapshots {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VM = "fcppt4h9qvsz7d1fu1vsg2z9n";
    static final Instant NOW = Instant.parse("2026-11-26T10:05:00Z");

    private final ObjectNode answers;

    private Snapshots(ObjectNode answers) {
        this.answers = answers;
    }

    static Snapshots recorded() {
        try (InputStream in = Snapshots.class.getResourceAsStream("/doctor/single-node.json")) {
            return new Snapshots((ObjectNode) JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode answers() {
        return answers;
    }

    ClusterSnapshot snapshot(String network, String... stacks) {
        return SnapshotParser.parse(
                new SnapshotParser.ApiAnswers(
                        "unix:///var/run/docker.sock",
                        answers.get("version"),
                        answers.get("info"),
                        answers.get("nodes"),
                        answers.get("services"),
                        answers.get("tasks"),
                        answers.get("networks")),
                new DoctorScope(network, List.of(stacks), List.of()),
                NOW);
    }

    /** The edge stack on its network. */
    ClusterSnapshot edge() {
        return snapshot("web", "edge");
    }

    ObjectNode node(String id) {
        for (JsonNode node : answers.get("nodes")) {
            if (node.path("ID").asText().equals(id)) {
                return (ObjectNode) node;
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    /**
     * Adds a node like vm: {@code role} manager or worker, its availability, state and (managers)
     * reachability; not the leader.
     */
    Snapshots addNode(String id, String role, String availability, String state, String reachability) {
        ObjectNode node = node(VM).deepCopy();
        node.put("ID", id);
        ((ObjectNode) node.get("Description")).put("Hostname", id);
        ObjectNode spec = (ObjectNode) node.get("Spec");
        spec.put("Role", role).put("Availability", availability);
        ((ObjectNode) node.get("Status")).put("State", state).put("Addr", "192.0.2." + (10 + nodes().size()));
        if (role.equals("manager")) {
            ((ObjectNode) node.get("ManagerStatus")).put("Leader", false).put("Reachability", reachability);
        } else {
            node.remove("ManagerStatus");
        }
        nodes().add(node);
        return this;
    }

    /** The swarm's dispatcher heartbeat as a manager's /info gives it (nanoseconds). */
    Snapshots dispatcherHeartbeat(java.time.Duration period) {
        ((ObjectNode) answers.get("info").get("Swarm"))
                .putObject("Cluster")
                .putObject("Spec")
                .putObject("Dispatcher")
                .put("HeartbeatPeriod", period.toNanos());
        return this;
    }

    Snapshots engineVersion(String nodeId, String version) {
        ((ObjectNode) node(nodeId).get("Description").get("Engine")).put("EngineVersion", version);
        return this;
    }

    Snapshots nodeField(String nodeId, String section, String field, String value) {
        ((ObjectNode) node(nodeId).get(section)).put(field, value);
        return this;
    }

    ObjectNode service(String name) {
        for (JsonNode service : answers.get("services")) {
            if (service.path("Spec").path("Name").asText().equals(name)) {
                return (ObjectNode) service;
            }
        }
        throw new IllegalArgumentException("no service " + name);
    }

    /** A copy of the running task of {@code service} on vm, moved to {@code nodeId}. */
    Snapshots runTaskOn(String service, String nodeId) {
        String serviceId = service(service).path("ID").asText();
        for (JsonNode task : answers.get("tasks")) {
            if (task.path("ServiceID").asText().equals(serviceId)
                    && task.path("Status").path("State").asText().equals("running")) {
                ObjectNode copy = task.deepCopy();
                copy.put("ID", task.path("ID").asText() + nodeId);
                copy.put("NodeID", nodeId);
                tasks().add(copy);
                return this;
            }
        }
        throw new IllegalArgumentException("no running task of " + service);
    }

    ObjectNode network(String name) {
        for (JsonNode network : answers.get("networks")) {
            if (network.path("Name").asText().equals(name)) {
                return (ObjectNode) network;
            }
        }
        throw new IllegalArgumentException("no network " + name);
    }

    private ArrayNode nodes() {
        return (ArrayNode) answers.get("nodes");
    }

    private ArrayNode tasks() {
        return (ArrayNode) answers.get("tasks");
    }

    static List<Finding> of(List<Finding> findings, Status status) {
        return findings.stream().filter(f -> f.status() == status).toList();
    }
}
