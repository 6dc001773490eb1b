package io.swarmedge.proxy.routing;

import io.swarmedge.config.rule.Rule;
import io.swarmedge.proxy.balancer.ServiceBalancer;
import io.swarmedge.proxy.middleware.HttpMiddleware;
import java.util.List;

/**
 * A compiled router: its rule, middlewares (entrypoint's first, then the router's) and service.
 *
 * @param name qualified router name ({@code whoami@file})
 * @param rule the compiled rule
 * @param priority the effective priority (higher is tried first)
 * @param middlewares the chain, in request order
 * @param service where matching requests go
 */
public record Route(String name, Rule rule, int priority, List<HttpMiddleware> middlewares, ServiceBalancer service) {
    public Route {
        middlewares = List.copyOf(middlewares);
    }
}
