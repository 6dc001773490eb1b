package io.swarmedge.proxy.runtime;

import io.swarmedge.proxy.balancer.ServiceBalancer;
import io.swarmedge.proxy.routing.RoutingTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the data plane needs to route a request, compiled from one configuration: per-entrypoint
 * routing tables (plain and, later, TLS), services with their balancers, and what was left out.
 * Immutable; a reload builds a new one and swaps a reference, so a request finishes on the runtime it
 * started on.
 *
 * @param generation increases with each reload (logs, tests)
 * @param plain routing tables of plain-HTTP connections, by entrypoint
 * @param tls routing tables of TLS connections, by entrypoint (routers with {@code tls})
 * @param services compiled services by qualified name
 * @param errors configuration left out, with why
 */
public record Runtime(
        long generation,
        Map<String, RoutingTable> plain,
        Map<String, RoutingTable> tls,
        Map<String, ServiceBalancer> services,
        List<ConfigError> errors) {
    private static final RoutingTable EMPTY = RoutingTable.empty();

    public Runtime {
        plain = Map.copyOf(plain);
        tls = Map.copyOf(tls);
        services = Map.copyOf(services);
        errors = List.copyOf(errors);
    }

    /** A runtime that routes nothing (before the first configuration arrives). */
    public static Runtime empty() {
        return new Runtime(0, Map.of(), Map.of(), Map.of(), List.of());
    }

    /** The routing table of an entrypoint for plain or TLS connections; empty when it has no routes. */
    public RoutingTable table(String entryPoint, boolean secure) {
        RoutingTable t = (secure ? tls : plain).get(entryPoint);
        return t != null ? t : EMPTY;
    }

    /** A compiled service by qualified name. */
    public Optional<ServiceBalancer> service(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
