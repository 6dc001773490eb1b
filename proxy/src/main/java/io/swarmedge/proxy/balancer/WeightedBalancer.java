package io.swarmedge.proxy.balancer;

import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.proxy.upstream.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * A compiled {@code weighted} service: spreads requests over other services by weight (smooth
 * weighted round robin); a child without a usable server is passed over.
 */
public final class WeightedBalancer implements ServiceBalancer {
    private final String name;
    private final ServiceBalancer[] children;
    private final SmoothWeights weights;

    public WeightedBalancer(String name, List<ServiceBalancer> children, int[] weights) {
        this.name = name;
        this.children = children.toArray(ServiceBalancer[]::new);
        int[] w = weights.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(0, w[i]);
        }
        this.weights = new SmoothWeights(w);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Pick> pick(HttpRequest request, List<Upstream> tried) {
        if (children.length == 0) {
            return Optional.empty();
        }
        int first = weights.next();
        for (int i = 0; i < children.length; i++) {
            Optional<Pick> pick = children[(first + i) % children.length].pick(request, tried);
            if (pick.isPresent()) {
                return pick;
            }
        }
        return Optional.empty();
    }

    @Override
    public int usableServers() {
        int n = 0;
        for (ServiceBalancer child : children) {
            n += child.usableServers();
        }
        return n;
    }
}
