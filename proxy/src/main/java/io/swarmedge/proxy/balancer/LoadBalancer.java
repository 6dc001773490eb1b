package io.swarmedge.proxy.balancer;

import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.LoadBalancerService.Strategy;
import io.swarmedge.config.dynamic.StickyCookie;
import io.swarmedge.proxy.upstream.Upstream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A compiled {@code loadBalancer} service: its servers, the strategy that spreads requests over them
 * (smooth weighted round robin or power of two choices), sticky sessions and forwarding settings.
 *
 * <p>A server is picked among those up by active checks and not passively ejected; when every such
 * server is ejected, ejected-but-up ones are still tried (ejection is a hint, not a verdict); when no
 * server is up, there is nothing to pick.
 */
public final class LoadBalancer implements ServiceBalancer {
    private final String name;
    private final Endpoint[] endpoints;
    private final Strategy strategy;
    private final boolean passHostHeader;
    private final StickyCookie sticky;
    private final String cookieName;
    private final Map<String, Endpoint> byStickyValue;
    private final Map<Endpoint, List<String>> setCookies;
    private final Duration responseHeaderTimeout;
    private final RandomGenerator random;
    private final SmoothWeights weights;
    private final UnavailableHold hold;

    public LoadBalancer(
            String name,
            List<Endpoint> endpoints,
            Strategy strategy,
            boolean passHostHeader,
            StickyCookie sticky,
            Duration responseHeaderTimeout,
            RandomGenerator random,
            UnavailableHold hold) {
        this.name = name;
        this.hold = hold;
        this.endpoints = endpoints.toArray(Endpoint[]::new);
        this.strategy = strategy;
        this.passHostHeader = passHostHeader;
        this.sticky = sticky;
        this.cookieName = StickyCookies.name(sticky, name);
        this.responseHeaderTimeout = responseHeaderTimeout;
        this.random = random;
        int[] w = new int[this.endpoints.length];
        Map<String, Endpoint> byValue = new HashMap<>();
        Map<Endpoint, List<String>> cookies = new HashMap<>();
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(1, this.endpoints[i].weight());
            byValue.put(this.endpoints[i].stickyValue(), this.endpoints[i]);
            cookies.put(
                    this.endpoints[i],
                    List.of(StickyCookies.setCookie(sticky, cookieName, this.endpoints[i].stickyValue())));
        }
        this.byStickyValue = Map.copyOf(byValue);
        this.setCookies = Map.copyOf(cookies);
        this.weights = new SmoothWeights(w);
    }

    @Override
    public String name() {
        return name;
    }

    /** Forward the client's Host header (else the server URL's host). */
    public boolean passHostHeader() {
        return passHostHeader;
    }

    /** How long to wait for a response head once the request is sent; zero = no limit. */
    public Duration responseHeaderTimeout() {
        return responseHeaderTimeout;
    }

    /** The servers, in configuration order. */
    public List<Endpoint> endpoints() {
        return List.of(endpoints);
    }

    @Override
    public Optional<Pick> pick(HttpRequest request, List<Upstream> tried) {
        if (endpoints.length == 0) {
            return Optional.empty();
        }
        Endpoint chosen = null;
        String wanted = null;
        if (sticky.enabled()) {
            wanted = StickyCookies.find(request, cookieName);
            if (wanted != null) {
                Endpoint e = byStickyValue.get(wanted);
                if (e != null && e.health().up() && !tried.contains(e.upstream())) {
                    chosen = e;
                }
            }
        }
        if (chosen == null) {
            chosen = choose(tried, true);
            if (chosen == null) {
                chosen = choose(tried, false);
            }
            if (chosen == null) {
                return Optional.empty();
            }
        }
        List<String> cookies =
                sticky.enabled() && !chosen.stickyValue().equals(wanted) ? setCookies.get(chosen) : List.of();
        return Optional.of(new Pick(chosen, this, cookies));
    }

    private Endpoint choose(List<Upstream> tried, boolean strict) {
        int n = endpoints.length;
        if (strategy == Strategy.P2C && n > 1) {
            Endpoint a = randomAcceptable(tried, strict);
            Endpoint b = randomAcceptable(tried, strict);
            if (a != null && b != null) {
                return b.upstream().inFlight().get() < a.upstream().inFlight().get() ? b : a;
            }
            if (a != null || b != null) {
                return a != null ? a : b;
            }
        } else {
            for (int attempt = 0; attempt < n; attempt++) {
                Endpoint e = endpoints[weights.next()];
                if (acceptable(e, tried, strict)) {
                    return e;
                }
            }
        }
        for (Endpoint e : endpoints) {
            if (acceptable(e, tried, strict)) {
                return e;
            }
        }
        return null;
    }

    private Endpoint randomAcceptable(List<Upstream> tried, boolean strict) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Endpoint e = endpoints[random.nextInt(endpoints.length)];
            if (acceptable(e, tried, strict)) {
                return e;
            }
        }
        return null;
    }

    private static boolean acceptable(Endpoint e, List<Upstream> tried, boolean strict) {
        return e.health().up()
                && (!strict || !e.upstream().ejected())
                && (tried.isEmpty() || !tried.contains(e.upstream()));
    }

    @Override
    public boolean available(List<Upstream> tried) {
        for (Endpoint e : endpoints) {
            if (e.health().up() && (tried.isEmpty() || !tried.contains(e.upstream()))) {
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
        for (Endpoint e : endpoints) {
            if (e.usable()) {
                n++;
            }
        }
        return n;
    }
}
