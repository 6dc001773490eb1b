package io.swarmedge.config.labels;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import java.util.List;
import java.util.Map;

/**
 * What one Swarm service's labels say, before the provider adds task addresses.
 *
 * @param enable the {@code traefik.enable} label
 * @param network {@code traefik.swarm.network} / {@code traefik.docker.network}, {@code ""} when absent
 * @param lbSwarm route to the service's virtual IP instead of its tasks ({@code traefik.swarm.lbswarm})
 * @param partial routers, middlewares and services (load balancers without servers), names not yet
 *     qualified with the provider; Traefik's defaults applied (a router named after the service with
 *     the default rule, a service named after the service, a router's only service)
 * @param serverTemplates per load-balancer service name: how to build its servers from tasks
 * @param errors one per label problem; the object concerned is left out of {@code partial}
 */
public record ServiceLabels(
        Enable enable,
        String network,
        boolean lbSwarm,
        DynamicConfig partial,
        Map<String, ServerTemplate> serverTemplates,
        List<ConfigError> errors) {
    public ServiceLabels {
        serverTemplates = Map.copyOf(serverTemplates);
        errors = List.copyOf(errors);
    }
}
