package io.swarmedge.proxy.entrypoint;

import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code /ping} reports about this proxy: starting (some configured provider has not delivered
 * a configuration yet), ready, or terminating (SIGTERM received). Goes one way only; a provider that
 * later loses its source keeps the proxy ready, as the last good configuration keeps routing.
 *
 * <p>One volatile immutable state: {@code /ping} reads it without locks or allocations.
 */
public final class Readiness {
    /** The three phases, in the only order they happen. */
    public enum Phase {
        STARTING,
        READY,
        TERMINATING
    }

    /** A phase and the words {@code /ping} answers with. */
    public record State(Phase phase, String reason) {}

    private static final State READY = new State(Phase.READY, "OK");
    private static final State TERMINATING = new State(Phase.TERMINATING, "Terminating");

    private final TreeSet<String> awaited;
    private volatile State state;

    /** Waits for a first configuration from each of {@code providers}; ready at once when there is none. */
    public Readiness(Set<String> providers) {
        this.awaited = new TreeSet<>(providers);
        this.state = starting();
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** Whether every provider has delivered and shutdown has not started. */
    public boolean ready() {
        return state.phase() == Phase.READY;
    }

    /**
     * A configuration that includes {@code providers}' snapshots is now live.
     *
     * @return true when this made the proxy ready
     */
    public synchronized boolean applied(Set<String> providers) {
        if (state.phase() != Phase.STARTING) {
            return false;
        }
        awaited.removeAll(providers);
        state = starting();
        return state.phase() == Phase.READY;
    }

    /** Shutdown started: from now on {@code /ping} answers the terminating status. */
    public synchronized void terminating() {
        state = TERMINATING;
    }

    private State starting() {
        if (awaited.isEmpty()) {
            return READY;
        }
        return new State(
                Phase.STARTING,
                "starting: waiting for provider" + (awaited.size() > 1 ? "s " : " ") + String.join(", ", awaited));
    }
}
