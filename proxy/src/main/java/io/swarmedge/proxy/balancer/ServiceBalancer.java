package io.swarmedge.proxy.balancer;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.proxy.upstream.Upstream;
import java.util.List;
import java.util.Optional;

/** A compiled service: picks the server for each attempt of a request. Thread-safe. */
public sealed interface ServiceBalancer permits LoadBalancer, WeightedBalancer {
    /** The qualified service name. */
    String name();

    /**
     * Picks a server for {@code request}, skipping the upstreams already tried by earlier attempts.
     * Empty when no server can take the request: {@link #park} it, or answer 503.
     */
    Optional<Pick> pick(HttpRequest request, List<Upstream> tried);

    /**
     * Whether a pick skipping {@code tried} could find a server now: one is up by active checks and
     * not tried (passively ejected ones count: a pick falls back to them).
     */
    boolean available(List<Upstream> tried);

    /** Where requests that found no server wait for one. */
    UnavailableHold hold();

    /**
     * Parks a request that found no server until this service (in the live runtime) has one for it;
     * see {@link UnavailableHold#park}. Empty when it cannot wait: answer 503 now.
     */
    default Optional<UnavailableHold.Parked> park(
            List<Upstream> tried, EventLoop loop, long sinceNanos, UnavailableHold.Waiter waiter) {
        return hold().park(name(), tried, loop, sinceNanos, waiter);
    }

    /** Servers usable right now (status pages and tests). */
    int usableServers();
}
