package io.swarmedge.proxy.balancer;

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
     * Empty when no server can take the request (the caller answers 503).
     */
    Optional<Pick> pick(HttpRequest request, List<Upstream> tried);

    /** Servers usable right now (status pages and tests). */
    int usableServers();
}
