package io.swarmedge.cli.doctor;

import java.time.Instant;

/**
 * A swarm task as {@code /tasks} describes it.
 *
 * @param desiredState what Swarm wants ({@code running}, {@code shutdown})
 * @param state where it is ({@code pending}, {@code rejected}, {@code starting}, {@code running}, {@code failed}, …)
 * @param error the task's error text, "" when none ({@code No such image: swarmedge:latest})
 * @param containerId its container on its node, "" before it has one
 * @param updatedAt when its status last changed
 */
public record TaskInfo(
        String id,
        String serviceId,
        String nodeId,
        String desiredState,
        String state,
        String error,
        String message,
        String containerId,
        Instant updatedAt) {
    /** Swarm holds a task in {@code starting} until its health check passes: running is healthy. */
    public boolean running() {
        return "running".equals(state);
    }

    public boolean wanted() {
        return "running".equals(desiredState);
    }

    /** The task's own words for its state: the error if any, else its message. */
    public String reason() {
        return error.isEmpty() ? message : error;
    }
}
