package io.swarmedge.docker;

/**
 * How many tasks Swarm wants for a service ({@code Spec.Mode}): what tells a service whose task is
 * being moved (it wants one, has none for now) from one scaled to zero.
 */
public sealed interface ServiceMode {
    /** Whether Swarm keeps tasks of this service running, so a service without one gets one soon. */
    boolean wantsTasks();

    /** {@code replicated}: a fixed number of tasks. */
    record Replicated(long replicas) implements ServiceMode {
        @Override
        public boolean wantsTasks() {
            return replicas > 0;
        }
    }

    /** {@code global}: one task on every eligible node. */
    record Global() implements ServiceMode {
        @Override
        public boolean wantsTasks() {
            return true;
        }
    }

    /** {@code replicated-job} or {@code global-job}: tasks that run to completion, not servers. */
    record Job() implements ServiceMode {
        @Override
        public boolean wantsTasks() {
            return false;
        }
    }
}
