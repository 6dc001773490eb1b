package io.swarmedge.config.dynamic;

import java.util.List;

/** Traefik's {@code weighted} service: splits traffic between other services by weight. */
public record WeightedService(List<WeightedRef> services, StickyCookie sticky) implements Service {
    public WeightedService {
        services = List.copyOf(services);
    }

    /** A service reference with its weight. */
    public record WeightedRef(String name, int weight) {}
}
