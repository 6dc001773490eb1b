package io.swarmedge.cli.doctor;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** How a service's tasks are described in messages. */
final class TaskWords {
    private TaskWords() {}

    /**
     * " (last task rejected on vm: No such image …)": the newest error of a task that is not running,
     * else the newest message of one (a pending task's "no suitable node"), else "".
     */
    static String lastProblem(ClusterSnapshot snapshot, ServiceInfo service) {
        return newest(snapshot.tasksOf(service))
                .map(t -> " (last task " + t.state() + " on " + snapshot.nodeName(t.nodeId()) + ": " + t.reason() + ")")
                .orElse("");
    }

    /** The same, for the tasks of a service on one node (and tasks not placed on any node yet). */
    static String lastProblemOn(ClusterSnapshot snapshot, ServiceInfo service, String nodeId) {
        return newest(snapshot.tasksOf(service).stream()
                        .filter(t -> t.nodeId().equals(nodeId) || t.nodeId().isEmpty())
                        .toList())
                .map(t -> " (last task " + t.state() + ": " + t.reason() + ")")
                .orElse("");
    }

    private static Optional<TaskInfo> newest(List<TaskInfo> tasks) {
        List<TaskInfo> troubled = tasks.stream().filter(t -> !t.running()).toList();
        Optional<TaskInfo> error =
                troubled.stream().filter(t -> !t.error().isEmpty()).max(Comparator.comparing(TaskInfo::updatedAt));
        return error.isPresent()
                ? error
                : troubled.stream().filter(t -> !t.message().isEmpty()).max(Comparator.comparing(TaskInfo::updatedAt));
    }
}
