package io.swarmedge.config.dynamic;

import java.util.Map;

/** The {@code http} section: routers, services, middlewares and servers transports, by name. */
public record HttpConfig(
        Map<String, Router> routers,
        Map<String, Service> services,
        Map<String, Middleware> middlewares,
        Map<String, ServersTransport> serversTransports) {
    public static final HttpConfig EMPTY = new HttpConfig(Map.of(), Map.of(), Map.of(), Map.of());

    public HttpConfig {
        routers = Map.copyOf(routers);
        services = Map.copyOf(services);
        middlewares = Map.copyOf(middlewares);
        serversTransports = Map.copyOf(serversTransports);
    }
}
