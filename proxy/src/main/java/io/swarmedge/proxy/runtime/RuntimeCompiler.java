package io.swarmedge.proxy.runtime;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.dynamic.ServersTransport;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.dynamic.WeightedService;
import io.swarmedge.config.rule.Rule;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.proxy.balancer.Endpoint;
import io.swarmedge.proxy.balancer.HealthChecker;
import io.swarmedge.proxy.balancer.HealthKey;
import io.swarmedge.proxy.balancer.LoadBalancer;
import io.swarmedge.proxy.balancer.ServerHealth;
import io.swarmedge.proxy.balancer.ServiceBalancer;
import io.swarmedge.proxy.balancer.StickyCookies;
import io.swarmedge.proxy.balancer.UnavailableHold;
import io.swarmedge.proxy.balancer.WeightedBalancer;
import io.swarmedge.proxy.middleware.HttpMiddleware;
import io.swarmedge.proxy.routing.MatchAll;
import io.swarmedge.proxy.routing.Route;
import io.swarmedge.proxy.routing.RoutingTable;
import io.swarmedge.proxy.upstream.Upstream;
import io.swarmedge.proxy.upstream.UpstreamKey;
import io.swarmedge.proxy.upstream.UpstreamRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Compiles a static and a merged dynamic configuration into a {@link Runtime}. A pure function of the
 * configuration, except that servers resolve to the shared {@link Upstream}s (and health states) of
 * their keys, which is how pools and health carry over a reload. Whatever cannot be compiled (a rule
 * that does not parse, a missing service or middleware) is reported and left out; the rest serves.
 *
 * <p>Runs off the event loops (it resolves server host names).
 */
public final class RuntimeCompiler {
    /** Traefik's internal entrypoint: routers without entryPoints do not attach to it. */
    private static final String INTERNAL = StaticConfig.INTERNAL_ENTRYPOINT;

    private final RuleCompiler rules;
    private final MiddlewareFactory middlewares;
    private final UpstreamRegistry upstreams;
    private final HealthChecker health;
    private final RandomGenerator random;
    private final UnavailableHold hold;

    /** A compiler whose services answer 503 at once when they have no server. */
    public RuntimeCompiler(
            RuleCompiler rules,
            MiddlewareFactory middlewares,
            UpstreamRegistry upstreams,
            HealthChecker health,
            RandomGenerator random) {
        this(rules, middlewares, upstreams, health, random, UnavailableHold.disabled());
    }

    /** A compiler whose services park requests in {@code hold} while they have no server. */
    public RuntimeCompiler(
            RuleCompiler rules,
            MiddlewareFactory middlewares,
            UpstreamRegistry upstreams,
            HealthChecker health,
            RandomGenerator random,
            UnavailableHold hold) {
        this.hold = hold;
        this.rules = rules;
        this.middlewares = middlewares;
        this.upstreams = upstreams;
        this.health = health;
        this.random = random;
    }

    /** Compiles one configuration; {@code generation} labels the result. */
    public Compilation compile(StaticConfig staticConfig, DynamicConfig config, long generation) {
        return new Run(staticConfig, config).compile(generation);
    }

    /** One compile: memo tables and errors. */
    private final class Run {
        final StaticConfig staticConfig;
        final DynamicConfig config;
        final List<ConfigError> errors = new ArrayList<>();
        final Map<String, ServiceBalancer> services = new HashMap<>();
        final Set<String> badServices = new HashSet<>();
        final Set<String> servicesInProgress = new HashSet<>();
        final Map<String, List<HttpMiddleware>> compiledMiddlewares = new HashMap<>();
        final Set<String> badMiddlewares = new HashSet<>();
        final Set<String> middlewaresInProgress = new HashSet<>();
        final Set<UpstreamKey> usedUpstreams = new HashSet<>();
        final Set<HealthKey> usedHealth = new HashSet<>();
        final Set<List<String>> servers = new HashSet<>();

        Run(StaticConfig staticConfig, DynamicConfig config) {
            this.staticConfig = staticConfig;
            this.config = config;
        }

        Compilation compile(long generation) {
            Map<String, List<Route>> plain = new TreeMap<>();
            Map<String, List<Route>> secure = new TreeMap<>();
            Map<String, List<HttpMiddleware>> entryPointChains = new HashMap<>();
            for (EntryPoint ep : staticConfig.entryPoints().values()) {
                plain.put(ep.name(), new ArrayList<>());
                secure.put(ep.name(), new ArrayList<>());
                List<HttpMiddleware> chain = new ArrayList<>();
                for (String ref : ep.middlewares()) {
                    Optional<List<HttpMiddleware>> m =
                            middleware(key(config.http().middlewares(), ref, "file"));
                    if (m.isPresent()) {
                        chain.addAll(m.get());
                    } else {
                        errors.add(new ConfigError(
                                "entrypoint", ep.name(), "middleware \"" + ref + "\" is missing or invalid; left out"));
                    }
                }
                entryPointChains.put(ep.name(), List.copyOf(chain));
                if (ep.redirection().enabled()) {
                    redirection(ep).ifPresent(route -> plain.get(ep.name()).add(route));
                }
            }
            for (Map.Entry<String, Router> entry : new TreeMap<>(config.http().routers()).entrySet()) {
                router(entry.getKey(), entry.getValue(), entryPointChains, plain, secure);
            }
            // Services no router uses still get compiled: health checks and metrics cover them.
            for (String name : new TreeMap<>(config.http().services()).keySet()) {
                service(name);
            }
            Map<String, RoutingTable> plainTables = new HashMap<>();
            plain.forEach((ep, routes) -> plainTables.put(ep, RoutingTable.of(routes)));
            Map<String, RoutingTable> secureTables = new HashMap<>();
            secure.forEach((ep, routes) -> secureTables.put(ep, RoutingTable.of(routes)));
            Runtime runtime = new Runtime(generation, plainTables, secureTables, services, errors);
            return new Compilation(runtime, usedUpstreams, usedHealth, servers);
        }

        void router(
                String name,
                Router router,
                Map<String, List<HttpMiddleware>> entryPointChains,
                Map<String, List<Route>> plain,
                Map<String, List<Route>> secure) {
            String provider = provider(name);
            RuleSyntax syntax =
                    router.ruleSyntax() == RuleSyntax.DEFAULT ? staticConfig.defaultRuleSyntax() : router.ruleSyntax();
            if (syntax == RuleSyntax.DEFAULT) {
                syntax = RuleSyntax.V3;
            }
            Rule rule;
            try {
                rule = rules.compile(router.rule(), syntax);
            } catch (Exception e) {
                errors.add(new ConfigError("router", name, "rule " + quote(router.rule()) + ": " + e.getMessage()));
                return;
            }
            List<HttpMiddleware> chain = new ArrayList<>();
            for (String ref : router.middlewares()) {
                String qualified = key(config.http().middlewares(), ref, provider);
                Optional<List<HttpMiddleware>> m = middleware(qualified);
                if (m.isEmpty()) {
                    errors.add(new ConfigError("router", name, "middleware \"" + ref + "\" is missing or invalid"));
                    return;
                }
                chain.addAll(m.get());
            }
            String serviceName = key(config.http().services(), router.service(), provider);
            Optional<ServiceBalancer> service = service(serviceName);
            if (service.isEmpty()) {
                errors.add(
                        new ConfigError("router", name, "service \"" + router.service() + "\" is missing or invalid"));
                return;
            }
            List<String> eps = router.entryPoints();
            if (eps.isEmpty()) {
                eps = staticConfig.entryPoints().keySet().stream()
                        .filter(ep -> !ep.equals(INTERNAL))
                        .sorted()
                        .toList();
            }
            for (String ep : eps) {
                List<HttpMiddleware> epChain = entryPointChains.get(ep);
                if (epChain == null) {
                    errors.add(new ConfigError("router", name, "entrypoint \"" + ep + "\" does not exist"));
                    continue;
                }
                List<HttpMiddleware> full = new ArrayList<>(epChain);
                full.addAll(chain);
                Route route = new Route(name, rule, router.effectivePriority(), full, service.get());
                // the entrypoint's http.tls gives TLS to every router on it (Traefik)
                boolean tls = router.tls().enabled()
                        || staticConfig.entryPoints().get(ep).tls().enabled();
                (tls ? secure : plain).get(ep).add(route);
            }
        }

        Optional<Route> redirection(EntryPoint ep) {
            EntryPoint.Redirection r = ep.redirection();
            int port;
            if (r.to().startsWith(":")) {
                port = Integer.parseInt(r.to().substring(1));
            } else {
                EntryPoint target = staticConfig.entryPoints().get(r.to());
                if (target == null) {
                    errors.add(new ConfigError(
                            "entrypoint",
                            ep.name(),
                            "redirection target entrypoint \"" + r.to() + "\" does not exist"));
                    return Optional.empty();
                }
                port = target.port();
            }
            String name = ep.name() + "-to-" + (r.to().startsWith(":") ? r.to().substring(1) : r.to()) + "@internal";
            HttpMiddleware redirect =
                    new EntryPointRedirect(r.scheme().isEmpty() ? "https" : r.scheme(), port, r.permanent());
            LoadBalancer noop = new LoadBalancer(
                    "noop@internal",
                    List.of(),
                    LoadBalancerService.Strategy.WRR,
                    true,
                    io.swarmedge.config.dynamic.StickyCookie.NONE,
                    Duration.ZERO,
                    random,
                    UnavailableHold.disabled());
            return Optional.of(new Route(name, new MatchAll("PathPrefix(`/`)"), r.priority(), List.of(redirect), noop));
        }

        Optional<ServiceBalancer> service(String name) {
            ServiceBalancer done = services.get(name);
            if (done != null) {
                return Optional.of(done);
            }
            if (badServices.contains(name)) {
                return Optional.empty();
            }
            Service service = config.http().services().get(name);
            if (service == null) {
                badServices.add(name);
                errors.add(new ConfigError("service", name, "not defined"));
                return Optional.empty();
            }
            if (!servicesInProgress.add(name)) {
                badServices.add(name);
                errors.add(new ConfigError("service", name, "weighted services refer to each other in a cycle"));
                return Optional.empty();
            }
            try {
                Optional<ServiceBalancer> compiled = switch (service) {
                    case LoadBalancerService lb -> loadBalancer(name, lb);
                    case WeightedService w -> weighted(name, w);
                };
                compiled.ifPresentOrElse(s -> services.put(name, s), () -> badServices.add(name));
                return compiled;
            } finally {
                servicesInProgress.remove(name);
            }
        }

        Optional<ServiceBalancer> loadBalancer(String name, LoadBalancerService lb) {
            Optional<ServersTransport> transport = transport(name, lb.serversTransport());
            if (transport.isEmpty()) {
                return Optional.empty();
            }
            List<Endpoint> endpoints = new ArrayList<>();
            Set<URI> seen = new LinkedHashSet<>();
            for (Server server : lb.servers()) {
                URI url = server.url();
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("h2c")) {
                    errors.add(new ConfigError(
                            "service",
                            name,
                            "server " + url + ": scheme \"" + scheme
                                    + "\" is not supported yet (http and h2c are); server left out"));
                    continue;
                }
                if (url.getHost() == null) {
                    errors.add(new ConfigError("service", name, "server " + url + ": no host; server left out"));
                    continue;
                }
                if (!seen.add(url)) {
                    continue;
                }
                InetSocketAddress address;
                try {
                    address = new InetSocketAddress(
                            InetAddress.getByName(url.getHost()), url.getPort() > 0 ? url.getPort() : 80);
                } catch (UnknownHostException e) {
                    errors.add(new ConfigError(
                            "service", name, "server " + url + ": cannot resolve host " + quote(url.getHost())));
                    continue;
                }
                UpstreamKey key = new UpstreamKey(url, transport.get());
                Upstream upstream = upstreams.upstream(key, address);
                usedUpstreams.add(key);
                ServerHealth state = ServerHealth.ALWAYS_UP;
                HealthCheck check = lb.healthCheck();
                if (check.enabled()) {
                    HealthKey hk = new HealthKey(name, key, check);
                    state = health.health(hk, upstream);
                    usedHealth.add(hk);
                }
                String path = server.preservePath()
                                && url.getRawPath() != null
                                && !url.getRawPath().equals("/")
                        ? stripTrailingSlash(url.getRawPath())
                        : "";
                String text = url.toString();
                endpoints.add(new Endpoint(upstream, server.weight(), path, StickyCookies.value(text), state, text));
                servers.add(List.of(name, text));
            }
            return Optional.of(new LoadBalancer(
                    name,
                    endpoints,
                    lb.strategy(),
                    lb.passHostHeader(),
                    lb.sticky(),
                    transport.get().responseHeaderTimeout(),
                    random,
                    hold));
        }

        Optional<ServiceBalancer> weighted(String name, WeightedService w) {
            List<ServiceBalancer> children = new ArrayList<>();
            int[] weights = new int[w.services().size()];
            int i = 0;
            for (WeightedService.WeightedRef ref : w.services()) {
                Optional<ServiceBalancer> child = service(key(config.http().services(), ref.name(), provider(name)));
                if (child.isEmpty()) {
                    errors.add(new ConfigError(
                            "service", name, "weighted service \"" + ref.name() + "\" is missing or invalid"));
                    return Optional.empty();
                }
                children.add(child.get());
                weights[i++] = ref.weight();
            }
            return Optional.of(new WeightedBalancer(name, children, weights, w.sticky(), hold));
        }

        Optional<ServersTransport> transport(String service, String ref) {
            if (ref.isEmpty() || ref.startsWith("default@")) {
                StaticConfig.DefaultServersTransport d = staticConfig.serversTransport();
                return Optional.of(new ServersTransport(
                        "",
                        d.insecureSkipVerify(),
                        d.rootCAs(),
                        d.maxIdleConnsPerHost(),
                        d.dialTimeout(),
                        d.responseHeaderTimeout(),
                        d.idleConnTimeout()));
            }
            ServersTransport t = config.http().serversTransports().get(qualify(ref, provider(service)));
            if (t == null) {
                t = config.http().serversTransports().get(ref);
            }
            if (t == null) {
                errors.add(new ConfigError("service", service, "serversTransport \"" + ref + "\" is not defined"));
                return Optional.empty();
            }
            return Optional.of(t);
        }

        /** A middleware flattened to the instances it runs (chains expand in place). */
        Optional<List<HttpMiddleware>> middleware(String name) {
            List<HttpMiddleware> done = compiledMiddlewares.get(name);
            if (done != null) {
                return Optional.of(done);
            }
            if (badMiddlewares.contains(name)) {
                return Optional.empty();
            }
            Middleware m = config.http().middlewares().get(name);
            if (m == null) {
                badMiddlewares.add(name);
                errors.add(new ConfigError("middleware", name, "not defined"));
                return Optional.empty();
            }
            if (!middlewaresInProgress.add(name)) {
                badMiddlewares.add(name);
                errors.add(new ConfigError("middleware", name, "chain refers to itself"));
                return Optional.empty();
            }
            try {
                List<HttpMiddleware> result;
                if (m instanceof Middleware.Chain chain) {
                    result = new ArrayList<>();
                    for (String ref : chain.middlewares()) {
                        Optional<List<HttpMiddleware>> part =
                                middleware(key(config.http().middlewares(), ref, provider(name)));
                        if (part.isEmpty()) {
                            badMiddlewares.add(name);
                            errors.add(new ConfigError(
                                    "middleware", name, "chained middleware \"" + ref + "\" is missing or invalid"));
                            return Optional.empty();
                        }
                        result.addAll(part.get());
                    }
                } else {
                    try {
                        result = List.of(middlewares.create(name, m));
                    } catch (RuntimeException e) {
                        badMiddlewares.add(name);
                        errors.add(new ConfigError("middleware", name, e.getMessage()));
                        return Optional.empty();
                    }
                }
                List<HttpMiddleware> frozen = List.copyOf(result);
                compiledMiddlewares.put(name, frozen);
                return Optional.of(frozen);
            } finally {
                middlewaresInProgress.remove(name);
            }
        }
    }

    /** {@code whoami@file} → {@code file}; {@code file} when unqualified. */
    static String provider(String qualifiedName) {
        int at = qualifiedName.lastIndexOf('@');
        return at >= 0 ? qualifiedName.substring(at + 1) : "file";
    }

    /** A reference as written in an object of {@code provider}: unqualified names are the provider's. */
    static String qualify(String ref, String provider) {
        return ref.indexOf('@') >= 0 ? ref : ref + "@" + provider;
    }

    /** The map key a reference means: itself when defined as written, else qualified by the provider. */
    static String key(Map<String, ?> defined, String ref, String provider) {
        return defined.containsKey(ref) ? ref : qualify(ref, provider);
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
