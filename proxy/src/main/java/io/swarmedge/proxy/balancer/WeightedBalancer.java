package io.swarmedge.proxy.balancer;

import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.StickyCookie;
import io.swarmedge.proxy.upstream.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * A compiled {@code weighted} service: spreads requests over other services by weight (smooth
 * weighted round robin); a child without a usable server is passed over. With a sticky cookie, a
 * client keeps the child service it was first sent to.
 */
public final class WeightedBalancer implements ServiceBalancer {
    private final String name;
    private final ServiceBalancer[] children;
    private final SmoothWeights weights;
    private final StickyCookie sticky;
    private final String cookieName;
    private final String[] values;
    private final String[] cookies;
    private final UnavailableHold hold;

    public WeightedBalancer(
            String name, List<ServiceBalancer> children, int[] weights, StickyCookie sticky, UnavailableHold hold) {
        this.name = name;
        this.hold = hold;
        this.children = children.toArray(ServiceBalancer[]::new);
        this.sticky = sticky;
        this.cookieName = StickyCookies.name(sticky, name);
        this.values = new String[this.children.length];
        this.cookies = new String[this.children.length];
        for (int i = 0; i < this.children.length; i++) {
            values[i] = StickyCookies.value(this.children[i].name());
            cookies[i] = StickyCookies.setCookie(sticky, cookieName, values[i]);
        }
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
        String wanted = sticky.enabled() ? StickyCookies.find(request, cookieName) : null;
        if (wanted != null) {
            for (int i = 0; i < children.length; i++) {
                if (values[i].equals(wanted)) {
                    Optional<Pick> pick = children[i].pick(request, tried);
                    if (pick.isPresent()) {
                        return pick;
                    }
                }
            }
        }
        int first = weights.next();
        for (int n = 0; n < children.length; n++) {
            int i = (first + n) % children.length;
            Optional<Pick> pick = children[i].pick(request, tried);
            if (pick.isPresent()) {
                return sticky.enabled() ? Optional.of(pick.get().withCookie(cookies[i])) : pick;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean available(List<Upstream> tried) {
        for (ServiceBalancer child : children) {
            if (child.available(tried)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public UnavailableHold hold() {
        return hold;
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
