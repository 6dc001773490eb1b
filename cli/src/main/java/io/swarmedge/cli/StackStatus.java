package io.swarmedge.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the services of a deployed stack are doing, read from the docker CLI: replicas per service
 * and the latest task error, for {@code up}'s progress lines and its time-out message.
 */
record StackStatus(Map<String, String> replicas, Map<String, String> lastErrors) {
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);

    static StackStatus read(DockerCli cli, String stack) {
        var services = cli.docker(
                QUERY_TIMEOUT,
                "service",
                "ls",
                "--filter",
                "label=com.docker.stack.namespace=" + stack,
                "--format",
                "{{.Name}}\t{{.Replicas}}");
        var tasks = cli.docker(
                QUERY_TIMEOUT,
                "stack",
                "ps",
                stack,
                "--no-trunc",
                "--format",
                "{{.Name}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}");
        return parse(stack, services.stdout(), tasks.stdout());
    }

    /** Reads the output of {@code docker service ls} and {@code docker stack ps} in the formats above. */
    static StackStatus parse(String stack, String serviceLines, String taskLines) {
        Map<String, String> replicas = new LinkedHashMap<>();
        for (String line : serviceLines.lines().toList()) {
            String[] f = line.split("\t", 2);
            if (f.length == 2) {
                replicas.put(shortName(stack, f[0]), f[1].strip());
            }
        }
        Map<String, String> errors = new LinkedHashMap<>();
        // Newest task first within each slot: the first error seen for a service is its latest.
        for (String line : taskLines.lines().toList()) {
            String[] f = line.split("\t", 4);
            if (f.length == 4 && !f[3].isBlank()) {
                errors.putIfAbsent(
                        shortName(stack, f[0]), f[3].replace("\"", "").strip());
            }
        }
        return new StackStatus(Map.copyOf(replicas), Map.copyOf(errors));
    }

    /** Whether every service runs as many tasks as it wants (e.g. {@code 2/2}). */
    boolean allRunning() {
        return !replicas.isEmpty() && replicas.values().stream().allMatch(StackStatus::complete);
    }

    /** One line: {@code proxy 0/1 (last error: task: non-zero exit (2)), whoami 2/2}. */
    String summary() {
        List<String> parts = new ArrayList<>();
        replicas.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String error = lastErrors.get(e.getKey());
            parts.add(e.getKey() + " " + e.getValue()
                    + (!complete(e.getValue()) && error != null ? " (last error: " + error + ")" : ""));
        });
        return parts.isEmpty() ? "no services yet" : String.join(", ", parts);
    }

    private static boolean complete(String replicas) {
        // "2/2", "1/1", also "1/1 (max 1 per node)"
        String[] f = replicas.split("[/ ]");
        return f.length >= 2 && f[0].equals(f[1]) && !f[0].equals("0");
    }

    private static String shortName(String stack, String name) {
        String service = name.startsWith(stack + "_") ? name.substring(stack.length() + 1) : name;
        int dot = service.indexOf('.');
        return dot < 0 ? service : service.substring(0, dot);
    }
}
