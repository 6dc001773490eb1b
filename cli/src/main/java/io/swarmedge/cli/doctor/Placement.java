package io.swarmedge.cli.doctor;

import java.util.List;
import java.util.Optional;

/**
 * Swarm's placement constraints ({@code node.role == manager}, {@code node.labels.edge != false}),
 * evaluated against a node to know where a global service should run.
 */
public final class Placement {
    private Placement() {}

    /** Whether {@code node} satisfies every constraint it can be judged on (unknown attributes pass). */
    public static boolean allows(NodeInfo node, List<String> constraints) {
        for (String constraint : constraints) {
            Optional<Boolean> verdict = evaluate(node, constraint);
            if (verdict.isPresent() && !verdict.get()) {
                return false;
            }
        }
        return true;
    }

    /** The constraints whose attribute the doctor does not know (they are treated as satisfied). */
    public static List<String> unknown(List<String> constraints) {
        return constraints.stream().filter(c -> !known(attribute(c))).toList();
    }

    /** The nodes where a global service with these constraints should run: schedulable and allowed. */
    public static List<NodeInfo> eligible(ClusterSnapshot snapshot, ServiceInfo service) {
        return snapshot.nodes().stream()
                .filter(NodeInfo::schedulable)
                .filter(n -> allows(n, service.constraints()))
                .toList();
    }

    private static Optional<Boolean> evaluate(NodeInfo node, String constraint) {
        boolean equal = !constraint.contains("!=");
        String[] sides = constraint.split(equal ? "==" : "!=", 2);
        if (sides.length != 2) {
            return Optional.empty();
        }
        Optional<String> actual = value(node, sides[0].strip());
        String wanted = sides[1].strip();
        return actual.map(v -> v.equals(wanted) == equal);
    }

    private static String attribute(String constraint) {
        return constraint.split("==|!=", 2)[0].strip();
    }

    private static boolean known(String attribute) {
        return attribute.startsWith("node.labels.")
                || attribute.startsWith("engine.labels.")
                || List.of("node.id", "node.hostname", "node.role", "node.platform.os", "node.platform.arch")
                        .contains(attribute);
    }

    private static Optional<String> value(NodeInfo node, String attribute) {
        if (attribute.startsWith("node.labels.")) {
            return Optional.of(node.labels().getOrDefault(attribute.substring("node.labels.".length()), ""));
        }
        if (attribute.startsWith("engine.labels.")) {
            return Optional.of(node.engineLabels().getOrDefault(attribute.substring("engine.labels.".length()), ""));
        }
        return switch (attribute) {
            case "node.id" -> Optional.of(node.id());
            case "node.hostname" -> Optional.of(node.hostname());
            case "node.role" -> Optional.of(node.role());
            case "node.platform.os" -> Optional.of(node.os());
            case "node.platform.arch" -> Optional.of(node.architecture());
            default -> Optional.empty();
        };
    }
}
