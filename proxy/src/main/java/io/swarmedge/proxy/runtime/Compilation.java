package io.swarmedge.proxy.runtime;

import io.swarmedge.proxy.balancer.HealthKey;
import io.swarmedge.proxy.upstream.UpstreamKey;
import java.util.List;
import java.util.Set;

/**
 * A compiled runtime plus the shared state it uses, so the caller can retire what the previous
 * configuration had and this one dropped once the new runtime is live.
 *
 * @param runtime the runtime to swap in
 * @param upstreams upstream keys the runtime uses
 * @param healthChecks active health checks the runtime uses
 * @param servers {@code [service, url]} pairs (metrics)
 */
public record Compilation(
        Runtime runtime, Set<UpstreamKey> upstreams, Set<HealthKey> healthChecks, Set<List<String>> servers) {
    public Compilation {
        upstreams = Set.copyOf(upstreams);
        healthChecks = Set.copyOf(healthChecks);
        servers = Set.copyOf(servers);
    }
}
