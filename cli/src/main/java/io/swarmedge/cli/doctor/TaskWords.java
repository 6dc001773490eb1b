package io.swarmedge.cli.doctor;

import java.util.Comparator;

/** How a service's tasks are described in messages. */
final class TaskWords {
    private TaskWords() {}

    /** " (last task rejected: No such image …)" for the newest task that is not running, or "". */
    static String lastProblem(ClusterSnapshot snapshot, ServiceInfo service) {
        return snapshot.tasksOf(service).stream()
                .filter(t -> !t.running())
                .filter(t -> !t.reason().isEmpty())
                .max(Comparator.comparing(TaskInfo::updatedAt))
                .map(t -> " (last task " + t.state() + " on " + snapshot.nodeName(t.nodeId()) + ": " + t.reason() + ")")
                .orElse("");
    }

    /** The same, for the tasks of a service on one node. */
    static String lastProblemOn(ClusterSnapshot snapshot, ServiceInfo service, String nodeId) {
        return snapshot.tasksOf(service).stream()
                .filter(t -> t.nodeId().equals(nodeId) || t.nodeId().isEmpty())
                .filter(t -> !t.running())
                .filter(t -> !t.reason().isEmpty())
                .max(Comparator.comparing(TaskInfo::updatedAt))
                .map(t -> " (last task " + t.state() + ": " + t.reason() + ")")
                .orElse("");
    }
}
