package io.swarmedge.proxy.upstream;

import io.swarmedge.proxy.transport.IoTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The upstreams of the current configuration by key: a compile asks for each server's upstream and
 * gets the existing one (with its pool and ejection state) when the key is unchanged; after the swap,
 * {@link #retain} retires those the new configuration dropped.
 */
public final class UpstreamRegistry {
    private final Map<UpstreamKey, Upstream> upstreams = new ConcurrentHashMap<>();
    private final IoTransport transport;
    private final LongSupplier nanoClock;

    public UpstreamRegistry(IoTransport transport, LongSupplier nanoClock) {
        this.transport = transport;
        this.nanoClock = nanoClock;
    }

    /** The upstream for {@code key}, created with {@code address} when new. */
    public Upstream upstream(UpstreamKey key, InetSocketAddress address) {
        Upstream existing = upstreams.get(key);
        if (existing != null && existing.address().equals(address)) {
            return existing;
        }
        Upstream created = new Upstream(key, address, transport, nanoClock);
        Upstream replaced = upstreams.put(key, created);
        if (replaced != null) {
            replaced.retire();
        }
        return created;
    }

    /** Retires every upstream whose key is not in {@code live}. */
    public void retain(Set<UpstreamKey> live) {
        upstreams.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                return false;
            }
            e.getValue().retire();
            return true;
        });
    }

    /** Closes idle connections past their idle timeout. */
    public void sweep() {
        upstreams.values().forEach(u -> u.pool().sweep());
    }

    /** Number of upstreams (tests). */
    public int size() {
        return upstreams.size();
    }

    /** Retires everything (shutdown). */
    public void close() {
        retain(Set.of());
    }
}
