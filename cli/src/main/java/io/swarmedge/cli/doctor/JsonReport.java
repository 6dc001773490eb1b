package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The examination for machines: the engine, the counts, the exit code and every finding. */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReport() {}

    public static ObjectNode tree(Examination examination, boolean strict) {
        ClusterSnapshot snapshot = examination.snapshot();
        ObjectNode root = JSON.createObjectNode();
        root.put("endpoint", snapshot.engine().endpoint());
        root.put("takenAt", snapshot.takenAt().toString());
        ObjectNode engine = root.putObject("engine");
        engine.put("version", snapshot.engine().version());
        engine.put("apiVersion", snapshot.engine().apiVersion());
        engine.put("minApiVersion", snapshot.engine().minApiVersion());
        engine.put("nodeId", snapshot.engine().nodeId());
        root.put("nodes", snapshot.nodes().size());
        ArrayNode stacks = root.putArray("stacks");
        snapshot.scope().stacks().forEach(stacks::add);
        root.put("status", examination.worst().name());
        root.put("exitCode", examination.exitCode(strict));
        ObjectNode counts = root.putObject("counts");
        for (Status status : Status.values()) {
            counts.put(status.name(), examination.count(status));
        }
        ArrayNode findings = root.putArray("findings");
        for (Finding finding : examination.findings()) {
            ObjectNode f = findings.addObject();
            f.put("area", finding.area());
            f.put("status", finding.status().name());
            f.put("message", finding.message());
            if (!finding.fix().isEmpty()) {
                f.put("fix", finding.fix());
            }
        }
        return root;
    }

    public static String render(Examination examination, boolean strict) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(examination, strict)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }
}
