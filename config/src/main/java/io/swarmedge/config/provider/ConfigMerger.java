package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.CertificateSource;
import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.ServersTransport;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.dynamic.TlsOptions;
import io.swarmedge.config.dynamic.TlsStore;
import io.swarmedge.config.dynamic.WeightedService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Merges every provider's snapshot into one configuration, as Traefik's aggregator does: objects
 * are renamed {@code name@provider}; references without {@code @} are qualified with the provider of
 * the object that holds them, references with {@code @} are kept. The TLS options and store named
 * {@code default} stay unqualified (and the options are also reachable as {@code
 * default@<provider>}, the name the seed's entrypoint uses). Then references are checked: an object
 * that refers to something missing, or that is part of a chain or weighted loop, is left out with
 * an error naming it, and so are, in turn, the objects that referred to it.
 */
public final class ConfigMerger {
    /** Services the proxy provides itself. */
    public static final Set<String> DEFAULT_INTERNAL_SERVICES = Set.of("noop@internal");

    private static final String DEFAULT = "default";

    private final Set<String> internalServices;
    private final Set<String> entryPoints;

    /**
     * @param internalServices service names that exist without a provider (e.g. {@code
     *     noop@internal})
     * @param entryPoints the static configuration's entrypoint names, to check routers against;
     *     empty skips the check
     */
    public ConfigMerger(Set<String> internalServices, Set<String> entryPoints) {
        this.internalServices = Set.copyOf(internalServices);
        this.entryPoints = Set.copyOf(entryPoints);
    }

    /** {@code hsts} from provider {@code file} → {@code hsts@file}; {@code x@swarm} stays. */
    public static String qualify(String reference, String provider) {
        return reference.indexOf('@') >= 0 ? reference : reference + "@" + provider;
    }

    /** Merges the snapshots (one per provider). */
    public Merged merge(Collection<ProviderSnapshot> snapshots) {
        List<ProviderSnapshot> ordered = new ArrayList<>(snapshots);
        ordered.sort(Comparator.comparing(ProviderSnapshot::provider));
        List<ConfigError> errors = new ArrayList<>();
        Map<String, Router> routers = new TreeMap<>();
        Map<String, Service> services = new TreeMap<>();
        Map<String, Middleware> middlewares = new TreeMap<>();
        Map<String, ServersTransport> transports = new TreeMap<>();
        Map<String, TlsOptions> options = new TreeMap<>();
        Map<String, TlsStore> stores = new TreeMap<>();
        List<CertificateSource> certificates = new ArrayList<>();
        String defaultOptionsProvider = null;
        String defaultStoreProvider = null;
        for (ProviderSnapshot snapshot : ordered) {
            String p = snapshot.provider();
            errors.addAll(snapshot.errors());
            HttpConfig http = snapshot.config().http();
            http.routers().forEach((name, r) -> routers.put(name + "@" + p, qualify(r, p)));
            http.services().forEach((name, s) -> services.put(name + "@" + p, qualify(s, p)));
            http.middlewares().forEach((name, m) -> middlewares.put(name + "@" + p, qualify(m, p)));
            http.serversTransports().forEach((name, t) -> transports.put(name + "@" + p, t));
            TlsConfig tls = snapshot.config().tls();
            for (var e : tls.options().entrySet()) {
                if (!e.getKey().equals(DEFAULT)) {
                    options.put(e.getKey() + "@" + p, e.getValue());
                } else if (defaultOptionsProvider == null) {
                    defaultOptionsProvider = p;
                    options.put(DEFAULT, e.getValue());
                    options.put(DEFAULT + "@" + p, e.getValue());
                } else {
                    errors.add(new ConfigError(
                            "TLS options \"default\"",
                            0,
                            "",
                            "defined by providers " + defaultOptionsProvider + " and " + p + "; the one from "
                                    + defaultOptionsProvider + " is used"));
                }
            }
            for (var e : tls.stores().entrySet()) {
                if (!e.getKey().equals(DEFAULT)) {
                    stores.put(e.getKey() + "@" + p, e.getValue());
                } else if (defaultStoreProvider == null) {
                    defaultStoreProvider = p;
                    stores.put(DEFAULT, e.getValue());
                } else {
                    errors.add(new ConfigError(
                            "TLS store \"default\"",
                            0,
                            "",
                            "defined by providers " + defaultStoreProvider + " and " + p + "; the one from "
                                    + defaultStoreProvider + " is used"));
                }
            }
            certificates.addAll(tls.certificates());
        }
        options.putIfAbsent(DEFAULT, TlsOptions.DEFAULT);

        new ReferenceCheck(routers, services, middlewares, transports, options, errors).run();
        return new Merged(
                new DynamicConfig(
                        new HttpConfig(routers, services, middlewares, transports),
                        new TlsConfig(options, certificates, stores)),
                errors,
                ordered.stream().map(ProviderSnapshot::provider).collect(java.util.stream.Collectors.toSet()));
    }

    private static Router qualify(Router r, String p) {
        RouterTls tls = r.tls();
        String opts = tls.options();
        if (!opts.isEmpty() && !opts.equals(DEFAULT)) {
            tls = new RouterTls(tls.enabled(), qualify(opts, p), tls.certResolver(), tls.domains());
        }
        return new Router(
                r.rule(),
                r.ruleSyntax(),
                r.priority(),
                r.entryPoints(),
                r.middlewares().stream().map(m -> qualify(m, p)).toList(),
                qualify(r.service(), p),
                tls);
    }

    private static Service qualify(Service s, String p) {
        return switch (s) {
            case LoadBalancerService lb ->
                lb.serversTransport().isEmpty()
                        ? lb
                        : new LoadBalancerService(
                                lb.servers(),
                                lb.strategy(),
                                lb.passHostHeader(),
                                lb.healthCheck(),
                                lb.sticky(),
                                lb.flushInterval(),
                                qualify(lb.serversTransport(), p));
            case WeightedService w ->
                new WeightedService(
                        w.services().stream()
                                .map(ref -> new WeightedService.WeightedRef(qualify(ref.name(), p), ref.weight()))
                                .toList(),
                        w.sticky());
        };
    }

    private static Middleware qualify(Middleware m, String p) {
        return m instanceof Middleware.Chain c
                ? new Middleware.Chain(
                        c.middlewares().stream().map(x -> qualify(x, p)).toList())
                : m;
    }

    /** Leaves out objects with dangling references or loops, repeatedly, until nothing changes. */
    private final class ReferenceCheck {
        private final Map<String, Router> routers;
        private final Map<String, Service> services;
        private final Map<String, Middleware> middlewares;
        private final Map<String, ServersTransport> transports;
        private final Map<String, TlsOptions> options;
        private final List<ConfigError> errors;

        ReferenceCheck(
                Map<String, Router> routers,
                Map<String, Service> services,
                Map<String, Middleware> middlewares,
                Map<String, ServersTransport> transports,
                Map<String, TlsOptions> options,
                List<ConfigError> errors) {
            this.routers = routers;
            this.services = services;
            this.middlewares = middlewares;
            this.transports = transports;
            this.options = options;
            this.errors = errors;
        }

        void run() {
            removeLoops("middleware", middlewares, m -> m instanceof Middleware.Chain c ? c.middlewares() : List.of());
            removeLoops(
                    "service",
                    services,
                    s -> s instanceof WeightedService w
                            ? w.services().stream()
                                    .map(WeightedService.WeightedRef::name)
                                    .toList()
                            : List.of());
            boolean changed = true;
            while (changed) {
                changed = false;
                for (var it = middlewares.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue() instanceof Middleware.Chain c) {
                        String missing = firstMissing(c.middlewares(), middlewares::containsKey);
                        if (missing != null) {
                            drop("middleware", e.getKey(), "chain refers to middleware \"" + missing + "\"" + GONE);
                            it.remove();
                            changed = true;
                        }
                    }
                }
                for (var it = services.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    String problem = serviceProblem(e.getValue());
                    if (problem != null) {
                        drop("service", e.getKey(), problem);
                        it.remove();
                        changed = true;
                    }
                }
            }
            for (var it = routers.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                String problem = routerProblem(e.getValue());
                if (problem != null) {
                    drop("router", e.getKey(), problem);
                    it.remove();
                }
            }
        }

        private static final String GONE = ", which does not exist or was left out";

        private String serviceProblem(Service s) {
            return switch (s) {
                case LoadBalancerService lb ->
                    lb.serversTransport().isEmpty() || transports.containsKey(lb.serversTransport())
                            ? null
                            : "refers to serversTransport \"" + lb.serversTransport() + "\"" + GONE;
                case WeightedService w -> {
                    String missing = firstMissing(
                            w.services().stream()
                                    .map(WeightedService.WeightedRef::name)
                                    .toList(),
                            this::serviceExists);
                    yield missing == null ? null : "weighted refers to service \"" + missing + "\"" + GONE;
                }
            };
        }

        private String routerProblem(Router r) {
            if (!serviceExists(r.service())) {
                return "refers to service \"" + r.service() + "\"" + GONE;
            }
            String missing = firstMissing(r.middlewares(), middlewares::containsKey);
            if (missing != null) {
                return "refers to middleware \"" + missing + "\"" + GONE;
            }
            String opts = r.tls().options();
            if (!opts.isEmpty() && !options.containsKey(opts)) {
                return "refers to TLS options \"" + opts + "\"" + GONE;
            }
            if (!entryPoints.isEmpty()) {
                for (String ep : r.entryPoints()) {
                    if (!entryPoints.contains(ep)) {
                        return "refers to entrypoint \"" + ep + "\", which is not defined in the static configuration";
                    }
                }
            }
            return null;
        }

        private boolean serviceExists(String name) {
            return services.containsKey(name) || internalServices.contains(name);
        }

        private static String firstMissing(List<String> refs, java.util.function.Predicate<String> exists) {
            for (String ref : refs) {
                if (!exists.test(ref)) {
                    return ref;
                }
            }
            return null;
        }

        /** Finds reference loops (a chain containing itself, directly or not) and leaves them out. */
        private <T> void removeLoops(String kind, Map<String, T> objects, Function<T, List<String>> refs) {
            Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
            Set<String> inLoop = new HashSet<>();
            Map<String, String> loopText = new LinkedHashMap<>();
            for (String start : objects.keySet()) {
                visit(start, objects, refs, state, new ArrayList<>(), inLoop, loopText);
            }
            for (String name : inLoop) {
                objects.remove(name);
                drop(kind, name, "is part of a loop: " + loopText.get(name));
            }
        }

        private <T> void visit(
                String name,
                Map<String, T> objects,
                Function<T, List<String>> refs,
                Map<String, Integer> state,
                List<String> path,
                Set<String> inLoop,
                Map<String, String> loopText) {
            Integer s = state.get(name);
            if (s != null && s == 2) {
                return;
            }
            if (s != null && s == 1) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
                loop.add(name);
                String text = String.join(" → ", loop);
                for (String member : loop) {
                    inLoop.add(member);
                    loopText.putIfAbsent(member, text);
                }
                return;
            }
            T object = objects.get(name);
            if (object == null) {
                return;
            }
            state.put(name, 1);
            path.add(name);
            for (String ref : refs.apply(object)) {
                visit(ref, objects, refs, state, path, inLoop, loopText);
            }
            path.removeLast();
            state.put(name, 2);
        }

        private void drop(String kind, String name, String problem) {
            errors.add(new ConfigError(kind + " \"" + name + "\"", 0, "", problem + "; it is left out"));
        }
    }
}
