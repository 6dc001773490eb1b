package io.swarmedge.config.provider;

/**
 * A source of dynamic configuration (the file provider, the Swarm provider): it turns the outside
 * world into immutable {@link ProviderSnapshot}s and hands each new one to its listener.
 */
public interface Provider {
    /** The provider's name, used to qualify its objects ({@code hsts@file}): {@code file}, {@code swarm}. */
    String name();

    /**
     * Starts publishing. Implementations publish their first snapshot as soon as they can (the file
     * provider before returning), then one per change, from their own (virtual) threads. Call once.
     */
    void start(Listener listener);

    /** Stops watching and releases resources; no snapshot is published afterwards. */
    void stop();

    /** Current health, for health checks and metrics. */
    ProviderStatus status();

    /** Receives snapshots; called from the provider's thread, must not block for long. */
    @FunctionalInterface
    interface Listener {
        void onSnapshot(ProviderSnapshot snapshot);
    }
}
