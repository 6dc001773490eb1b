package io.swarmedge.docker;

import java.util.Locale;

/** The life-cycle states of a Swarm task, in the order Swarm moves a task through them. */
public enum TaskState {
    NEW,
    PENDING,
    ALLOCATED,
    ASSIGNED,
    ACCEPTED,
    PREPARING,
    READY,
    STARTING,
    RUNNING,
    COMPLETE,
    SHUTDOWN,
    FAILED,
    REJECTED,
    REMOVE,
    ORPHANED,
    /** A state this version does not know (a newer engine): never routable. */
    UNKNOWN;

    /** Parses the engine's lower-case name ({@code "running"}); unknown names give {@link #UNKNOWN}. */
    public static TaskState parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
