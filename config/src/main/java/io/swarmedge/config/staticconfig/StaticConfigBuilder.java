package io.swarmedge.config.staticconfig;

import io.swarmedge.config.dynamic.NameSuggestion;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.IpRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns merged settings into a validated {@link StaticConfig}, collecting every error. */
final class StaticConfigBuilder {
    private static final Set<String> KEY_TYPES = Set.of("RSA2048", "RSA4096", "RSA8192", "EC256", "EC384");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "PANIC");

    private final Map<String, Setting> settings;
    private final Map<String, String> env;
    private final List<String> errors;

    /**
     * @param settings by canonical key; later sources already replaced earlier ones
     * @param env environment, for {@code LEGO_CA_CERTIFICATES}
     * @param errors where problems are added
     */
    StaticConfigBuilder(Map<String, Setting> settings, Map<String, String> env, List<String> errors) {
        this.settings = settings;
        this.env = env;
        this.errors = errors;
    }

    StaticConfig build() {
        api();
        Map<String, AcmeResolver> resolvers = resolvers();
        EntryPoint.LifeCycle globalLifeCycle = new EntryPoint.LifeCycle(
                duration(
                        "lifeCycle.requestAcceptGraceTimeout",
                        EntryPoint.LifeCycle.DEFAULT.requestAcceptGraceTimeout()),
                duration("lifeCycle.graceTimeOut", EntryPoint.LifeCycle.DEFAULT.graceTimeOut()));
        Map<String, EntryPoint> entryPoints = new TreeMap<>();
        for (String name : names("entryPoints")) {
            entryPoint(name, globalLifeCycle).ifPresent(ep -> entryPoints.put(name, ep));
        }
        if (names("entryPoints").isEmpty()) {
            // Traefik's default when none is declared: "http" on :80
            entryPoints.put("http", defaultEntryPoint("http", 80, globalLifeCycle));
        }
        Ping ping = ping();
        Metrics metrics = metrics();
        for (String internal :
                List.of(ping.enabled() ? ping.entryPoint() : "", metrics.enabled() ? metrics.entryPoint() : "")) {
            if (internal.equals(StaticConfig.INTERNAL_ENTRYPOINT) && !entryPoints.containsKey(internal)) {
                entryPoints.put(internal, defaultEntryPoint(internal, 8080, globalLifeCycle));
            }
        }
        checkReferences(entryPoints, resolvers, ping, metrics);
        checkAddresses(entryPoints);
        return new StaticConfig(
                entryPoints,
                providers(),
                ping,
                metrics,
                accessLog(),
                log(),
                ruleSyntax(),
                resolvers,
                serversTransport());
    }

    // ---- sections ---------------------------------------------------------------------------

    private void api() {
        bool("global.checkNewVersion", false);
        bool("global.sendAnonymousUsage", false);
        boolean enabled = section("api");
        if (enabled) {
            Setting s = first("api", "api.dashboard", "api.insecure", "api.debug");
            errors.add(s.origin()
                    + ": the API and dashboard are not supported by swarmedge (set --api=false or remove it)");
        } else {
            bool("api.dashboard", false);
            bool("api.insecure", false);
            bool("api.debug", false);
        }
    }

    private EntryPoint defaultEntryPoint(String name, int port, EntryPoint.LifeCycle lifeCycle) {
        return new EntryPoint(
                name,
                "",
                port,
                EntryPoint.Redirection.NONE,
                List.of(),
                RouterTls.NONE,
                EntryPoint.ForwardedHeaders.NONE,
                EntryPoint.RespondingTimeouts.DEFAULT,
                lifeCycle,
                EntryPoint.Limits.DEFAULT);
    }

    private Optional<EntryPoint> entryPoint(String name, EntryPoint.LifeCycle global) {
        String p = "entryPoints." + name + ".";
        Optional<Setting> address = get(p + "address");
        ListenAddress listen = null;
        if (address.isEmpty()) {
            errors.add("entrypoint \"" + name + "\" has no address (e.g. --entrypoints." + name + ".address=:80)");
        } else {
            try {
                listen = ListenAddress.parse(address.get().value());
            } catch (IllegalArgumentException e) {
                errors.add(valueError(address.get(), "is not a valid address: " + e.getMessage()));
            }
        }
        String rp = p + "http.redirections.entryPoint.";
        EntryPoint.Redirection redirection = EntryPoint.Redirection.NONE;
        if (has(rp)) {
            Optional<Setting> to = get(rp + "to");
            if (to.isEmpty()) {
                errors.add(first(rp).origin() + ": a redirection needs " + rp + "to");
            }
            redirection = new EntryPoint.Redirection(
                    true,
                    to.map(Setting::value).orElse(""),
                    string(rp + "scheme", "https"),
                    bool(rp + "permanent", true),
                    integer(rp + "priority", EntryPoint.Redirection.NONE.priority(), 1, Integer.MAX_VALUE));
        }
        RouterTls tls = RouterTls.NONE;
        if (section(p + "http.tls")) {
            List<RouterTls.Domain> domains = new ArrayList<>();
            for (String index : indexes(p + "http.tls.domains")) {
                String dp = p + "http.tls.domains." + index + ".";
                Optional<Setting> main = get(dp + "main");
                if (main.isEmpty() || main.get().value().isBlank()) {
                    errors.add(first(dp).origin() + ": a TLS domain needs a main name");
                }
                domains.add(new RouterTls.Domain(main.map(Setting::value).orElse(""), list(dp + "sans")));
            }
            tls = new RouterTls(
                    true, string(p + "http.tls.options", ""), string(p + "http.tls.certResolver", ""), domains);
        }
        List<String> trusted = list(p + "forwardedHeaders.trustedIPs");
        get(p + "forwardedHeaders.trustedIPs").ifPresent(s -> {
            for (String ip : trusted) {
                if (IpRange.parse(ip).isEmpty()) {
                    errors.add(s.origin() + ": \"" + ip + "\" is not an IP address or CIDR range");
                }
            }
        });
        EntryPoint.RespondingTimeouts defaults = EntryPoint.RespondingTimeouts.DEFAULT;
        String tp = p + "transport.";
        EntryPoint.Limits limits = new EntryPoint.Limits(
                integer(p + "http.maxHeaderBytes", EntryPoint.Limits.DEFAULT.maxHeaderBytes(), 1024, 64 << 20),
                integer(p + "http.maxHeaderCount", EntryPoint.Limits.DEFAULT.maxHeaderCount(), 1, 10_000),
                integer(tp + "maxConnections", 0, 0, Integer.MAX_VALUE),
                integer(tp + "keepAliveMaxRequests", 0, 0, Integer.MAX_VALUE),
                duration(tp + "keepAliveMaxTime", Duration.ZERO));
        EntryPoint ep = new EntryPoint(
                name,
                listen == null ? "" : listen.host(),
                listen == null ? 0 : listen.port(),
                redirection,
                list(p + "http.middlewares"),
                tls,
                new EntryPoint.ForwardedHeaders(trusted, bool(p + "forwardedHeaders.insecure", false)),
                new EntryPoint.RespondingTimeouts(
                        duration(tp + "respondingTimeouts.readTimeout", defaults.readTimeout()),
                        duration(tp + "respondingTimeouts.writeTimeout", defaults.writeTimeout()),
                        duration(tp + "respondingTimeouts.idleTimeout", defaults.idleTimeout())),
                new EntryPoint.LifeCycle(
                        duration(tp + "lifeCycle.requestAcceptGraceTimeout", global.requestAcceptGraceTimeout()),
                        duration(tp + "lifeCycle.graceTimeOut", global.graceTimeOut())),
                limits);
        return listen == null ? Optional.empty() : Optional.of(ep);
    }

    private Ping ping() {
        if (!section("ping")) {
            return Ping.DISABLED;
        }
        return new Ping(
                true,
                string("ping.entryPoint", StaticConfig.INTERNAL_ENTRYPOINT),
                integer("ping.terminatingStatusCode", 503, 100, 599));
    }

    private Metrics metrics() {
        if (!section("metrics.prometheus")) {
            return Metrics.DISABLED;
        }
        Metrics d = Metrics.DISABLED;
        List<Double> buckets = d.buckets();
        Optional<Setting> b = get("metrics.prometheus.buckets");
        if (b.isPresent()) {
            List<Double> parsed = new ArrayList<>();
            for (String item : b.get().items()) {
                try {
                    double v = Double.parseDouble(item);
                    if (!(v > 0) || Double.isInfinite(v)) {
                        throw new NumberFormatException();
                    }
                    parsed.add(v);
                } catch (NumberFormatException e) {
                    errors.add(valueError(b.get(), "\"" + item + "\" is not a positive number of seconds"));
                }
            }
            for (int i = 1; i < parsed.size(); i++) {
                if (parsed.get(i) <= parsed.get(i - 1)) {
                    errors.add(valueError(b.get(), "buckets must be in increasing order"));
                    break;
                }
            }
            if (b.get().items().isEmpty()) {
                errors.add(valueError(b.get(), "needs at least one bucket"));
            }
            buckets = parsed;
        }
        return new Metrics(
                true,
                string("metrics.prometheus.entryPoint", d.entryPoint()),
                buckets,
                bool("metrics.prometheus.addEntryPointsLabels", d.addEntryPointsLabels()),
                bool("metrics.prometheus.addRoutersLabels", d.addRoutersLabels()),
                bool("metrics.prometheus.addServicesLabels", d.addServicesLabels()));
    }

    private AccessLog accessLog() {
        if (!section("accessLog")) {
            return AccessLog.DISABLED;
        }
        AccessLog.Format format = choice(
                "accessLog.format",
                AccessLog.Format.COMMON,
                Map.of("common", AccessLog.Format.COMMON, "json", AccessLog.Format.JSON));
        return new AccessLog(
                true, string("accessLog.filePath", ""), format, integer("accessLog.bufferingSize", 0, 0, 1_000_000));
    }

    private Log log() {
        String level = Log.DEFAULT.level();
        Optional<Setting> l = get("log.level");
        if (l.isPresent()) {
            String upper = l.get().value().trim().toUpperCase(Locale.ROOT);
            if (upper.equals("WARNING")) {
                upper = "WARN";
            }
            if (!LOG_LEVELS.contains(upper)) {
                errors.add(valueError(l.get(), "is not a log level (TRACE, DEBUG, INFO, WARN, ERROR)"));
            } else {
                level = upper.equals("FATAL") || upper.equals("PANIC") ? "ERROR" : upper;
            }
        }
        section("log");
        String format = choice("log.format", "common", Map.of("common", "common", "json", "json"));
        return new Log(level, format, string("log.filePath", ""));
    }

    private RuleSyntax ruleSyntax() {
        return choice("core.defaultRuleSyntax", RuleSyntax.V3, Map.of("v3", RuleSyntax.V3, "v2", RuleSyntax.V2));
    }

    private Providers providers() {
        Duration throttle = duration("providers.providersThrottleDuration", Duration.ofSeconds(2));
        Providers.FileProvider file = Providers.FileProvider.DISABLED;
        if (section("providers.file")) {
            String filename = string("providers.file.filename", "");
            String directory = string("providers.file.directory", "");
            Setting origin = first("providers.file");
            if (filename.isEmpty() == directory.isEmpty()) {
                errors.add(origin.origin() + ": the file provider needs exactly one of providers.file.filename and"
                        + " providers.file.directory");
            }
            file = new Providers.FileProvider(true, filename, directory, bool("providers.file.watch", true));
        }
        Providers.SwarmProvider swarm = Providers.SwarmProvider.DISABLED;
        boolean swarmOn = section("providers.swarm");
        boolean dockerOn = section("providers.docker");
        if (dockerOn) {
            boolean swarmMode = bool("providers.docker.swarmMode", false);
            if (!swarmMode) {
                errors.add(first("providers.docker").origin()
                        + ": swarmedge reads Docker Swarm services only: set providers.docker.swarmMode=true or use"
                        + " providers.swarm");
            } else if (swarmOn) {
                errors.add(first("providers.docker").origin()
                        + ": configure either providers.swarm or providers.docker with swarmMode, not both");
            } else {
                swarm = swarmProvider("providers.docker", "providers.docker.swarmModeRefreshSeconds");
            }
        } else if (swarmOn) {
            swarm = swarmProvider("providers.swarm", "providers.swarm.refreshSeconds");
        }
        return new Providers(file, swarm, throttle);
    }

    private Providers.SwarmProvider swarmProvider(String p, String refreshKey) {
        Providers.SwarmProvider d = Providers.SwarmProvider.DISABLED;
        String endpoint = string(p + ".endpoint", d.endpoint());
        if (!endpoint.startsWith("unix://") && !endpoint.startsWith("tcp://") && !endpoint.startsWith("http://")) {
            errors.add(
                    valueError(first(p + ".endpoint"), "is not a Docker endpoint (unix:///path or tcp://host:port)"));
        }
        return new Providers.SwarmProvider(
                true,
                endpoint,
                bool(p + ".exposedByDefault", d.exposedByDefault()),
                string(p + ".defaultRule", d.defaultRule()),
                string(p + ".constraints", d.constraints()),
                string(p + ".network", d.network()),
                bool(p + ".allowEmptyServices", d.allowEmptyServices()),
                duration(refreshKey, d.refreshSeconds()),
                d.labelPrefix(),
                bool(p + ".watch", d.watch()),
                d.tlsFiles(),
                p.equals("providers.docker") ? Providers.SwarmProvider.DOCKER : Providers.SwarmProvider.SWARM);
    }

    private Map<String, AcmeResolver> resolvers() {
        Map<String, AcmeResolver> out = new TreeMap<>();
        List<String> legoCas = Optional.ofNullable(env.get("LEGO_CA_CERTIFICATES"))
                .map(v -> List.of(v.split("[,:]")).stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
        for (String name : names("certificatesResolvers")) {
            String p = "certificatesResolvers." + name + ".acme";
            if (!section(p)) {
                continue;
            }
            String a = p + ".";
            Setting origin = first(p);
            String keyType = string(a + "keyType", "RSA4096").toUpperCase(Locale.ROOT);
            if (!KEY_TYPES.contains(keyType)) {
                errors.add(valueError(
                        first(a + "keyType"),
                        "is not a key type ("
                                + String.join(
                                        ", ",
                                        new TreeMap<>(Map.of(
                                                        "a", "EC256", "b", "EC384", "c", "RSA2048", "d", "RSA4096", "e",
                                                        "RSA8192"))
                                                .values())
                                + ")"));
            }
            String httpEntryPoint = "";
            if (section(a + "httpChallenge")) {
                httpEntryPoint = string(a + "httpChallenge.entryPoint", "");
                if (httpEntryPoint.isEmpty()) {
                    errors.add(first(a + "httpChallenge").origin() + ": the HTTP challenge needs " + a
                            + "httpChallenge.entryPoint");
                }
            }
            boolean tlsChallenge = section(a + "tlsChallenge");
            if (httpEntryPoint.isEmpty() && !tlsChallenge) {
                errors.add(origin.origin() + ": resolver \"" + name + "\" needs a challenge: httpChallenge.entryPoint"
                        + " or tlsChallenge");
            }
            String caServer = string(a + "caServer", AcmeResolver.LETS_ENCRYPT);
            if (!caServer.startsWith("https://") && !caServer.startsWith("http://")) {
                errors.add(valueError(first(a + "caServer"), "is not a URL"));
            }
            List<String> cas = list(a + "caCertificates");
            out.put(
                    name,
                    new AcmeResolver(
                            name,
                            string(a + "email", ""),
                            caServer,
                            string(a + "storage", "acme.json"),
                            keyType,
                            Duration.ofHours(integer(a + "certificatesDuration", 2160, 1, 1_000_000)),
                            string(a + "preferredChain", ""),
                            string(a + "eab.kid", ""),
                            string(a + "eab.hmacEncoded", ""),
                            cas.isEmpty() ? legoCas : cas,
                            httpEntryPoint,
                            tlsChallenge));
        }
        return out;
    }

    private StaticConfig.DefaultServersTransport serversTransport() {
        var d = StaticConfig.DefaultServersTransport.DEFAULT;
        String p = "serversTransport.";
        return new StaticConfig.DefaultServersTransport(
                bool(p + "insecureSkipVerify", d.insecureSkipVerify()),
                list(p + "rootCAs"),
                integer(p + "maxIdleConnsPerHost", d.maxIdleConnsPerHost(), 0, 1_000_000),
                duration(p + "forwardingTimeouts.dialTimeout", d.dialTimeout()),
                duration(p + "forwardingTimeouts.responseHeaderTimeout", d.responseHeaderTimeout()),
                duration(p + "forwardingTimeouts.idleConnTimeout", d.idleConnTimeout()),
                duration(p + "unavailableHold", d.unavailableHold()));
    }

    // ---- cross-checks -----------------------------------------------------------------------

    private void checkReferences(
            Map<String, EntryPoint> entryPoints, Map<String, AcmeResolver> resolvers, Ping ping, Metrics metrics) {
        for (EntryPoint ep : entryPoints.values()) {
            String p = "entryPoints." + ep.name() + ".";
            String to = ep.redirection().to();
            if (ep.redirection().enabled() && !to.isEmpty()) {
                boolean port = to.startsWith(":")
                        && to.length() > 1
                        && to.substring(1).chars().allMatch(Character::isDigit);
                if (!port && !entryPoints.containsKey(to)) {
                    errors.add(valueError(
                            first(p + "http.redirections.entryPoint.to"),
                            "is not a declared entrypoint" + suggest(to, entryPoints.keySet())));
                } else if (to.equals(ep.name())) {
                    errors.add(valueError(
                            first(p + "http.redirections.entryPoint.to"), "redirects the entrypoint to itself"));
                }
            }
            String resolver = ep.tls().certResolver();
            if (!resolver.isEmpty() && !resolvers.containsKey(resolver)) {
                errors.add(valueError(
                        first(p + "http.tls.certResolver"),
                        "is not a declared certificate resolver" + suggest(resolver, resolvers.keySet())));
            }
        }
        for (AcmeResolver r : resolvers.values()) {
            String ep = r.httpChallengeEntryPoint();
            if (!ep.isEmpty() && !entryPoints.containsKey(ep)) {
                errors.add(valueError(
                        first("certificatesResolvers." + r.name() + ".acme.httpChallenge.entryPoint"),
                        "is not a declared entrypoint" + suggest(ep, entryPoints.keySet())));
            }
        }
        if (ping.enabled() && !entryPoints.containsKey(ping.entryPoint())) {
            errors.add(valueError(
                    first("ping.entryPoint"),
                    "is not a declared entrypoint" + suggest(ping.entryPoint(), entryPoints.keySet())));
        }
        if (metrics.enabled() && !entryPoints.containsKey(metrics.entryPoint())) {
            errors.add(valueError(
                    first("metrics.prometheus.entryPoint"),
                    "is not a declared entrypoint" + suggest(metrics.entryPoint(), entryPoints.keySet())));
        }
    }

    private void checkAddresses(Map<String, EntryPoint> entryPoints) {
        Map<Integer, List<EntryPoint>> byPort = new TreeMap<>();
        for (EntryPoint ep : entryPoints.values()) {
            byPort.computeIfAbsent(ep.port(), k -> new ArrayList<>()).add(ep);
        }
        for (List<EntryPoint> same : byPort.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) {
                    EntryPoint a = same.get(i);
                    EntryPoint b = same.get(j);
                    if (a.host().isEmpty() || b.host().isEmpty() || a.host().equalsIgnoreCase(b.host())) {
                        boolean implicit = !names("entryPoints").contains(StaticConfig.INTERNAL_ENTRYPOINT)
                                && (a.name().equals(StaticConfig.INTERNAL_ENTRYPOINT)
                                        || b.name().equals(StaticConfig.INTERNAL_ENTRYPOINT));
                        errors.add("entrypoints \"" + a.name() + "\" and \"" + b.name() + "\" both listen on port "
                                + a.port()
                                + (implicit
                                        ? " (ping and metrics use the traefik entrypoint on :8080 unless told otherwise:"
                                                + " set ping.entryPoint / metrics.prometheus.entryPoint or declare"
                                                + " entryPoints.traefik.address)"
                                        : ""));
                    }
                }
            }
        }
    }

    private static String suggest(String name, Set<String> known) {
        Optional<String> best = known.stream()
                .min(java.util.Comparator.comparingInt(k -> NameSuggestion.distance(k, name)))
                .filter(k -> NameSuggestion.distance(k, name) <= 2);
        if (best.isPresent()) {
            return " (did you mean \"" + best.get() + "\"?)";
        }
        return known.isEmpty() ? "" : " (declared: " + String.join(", ", known) + ")";
    }

    // ---- typed access -----------------------------------------------------------------------

    private Optional<Setting> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** Whether any key lies under the prefix (which ends with a dot or is a whole key). */
    private boolean has(String prefix) {
        return settings.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** The setting of the key, else the first one under it (for error origins). */
    private Setting first(String... keys) {
        for (String key : keys) {
            Setting s = settings.get(key);
            if (s != null) {
                return s;
            }
        }
        for (String key : keys) {
            String prefix = key.endsWith(".") ? key : key + ".";
            for (Setting s : settings.values()) {
                if (s.key().startsWith(prefix)) {
                    return s;
                }
            }
        }
        return new Setting(keys[0], StaticKeys.Type.STRING, "", List.of(), keys[0]);
    }

    /** A section is on when set to true, or when any of its keys is set and it is not set to false. */
    private boolean section(String key) {
        Optional<Setting> s = get(key);
        if (s.isPresent()) {
            return parseBool(s.get()).orElse(false);
        }
        return has(key + ".");
    }

    private Set<String> names(String prefix) {
        Set<String> names = new LinkedHashSet<>();
        String p = prefix + ".";
        for (String key : settings.keySet()) {
            if (key.startsWith(p)) {
                String rest = key.substring(p.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return names;
    }

    private List<String> indexes(String prefix) {
        List<String> out = new ArrayList<>(names(prefix));
        out.sort(java.util.Comparator.comparingInt(Integer::parseInt));
        return out;
    }

    private String string(String key, String def) {
        return get(key).map(Setting::value).orElse(def);
    }

    private List<String> list(String key) {
        return get(key).map(Setting::items).orElse(List.of());
    }

    private boolean bool(String key, boolean def) {
        return get(key).flatMap(this::parseBool).orElse(def);
    }

    private Optional<Boolean> parseBool(Setting s) {
        return switch (s.value().trim()) {
            case "true", "True", "TRUE", "t", "T", "1" -> Optional.of(true);
            case "false", "False", "FALSE", "f", "F", "0" -> Optional.of(false);
            default -> {
                errors.add(valueError(s, "is not a boolean (true or false)"));
                yield Optional.empty();
            }
        };
    }

    private int integer(String key, int def, int min, int max) {
        Optional<Setting> s = get(key);
        if (s.isEmpty()) {
            return def;
        }
        try {
            long v = Long.parseLong(s.get().value().trim());
            if (v < min || v > max) {
                errors.add(valueError(s.get(), "is out of range " + min + "-" + max));
                return def;
            }
            return (int) v;
        } catch (NumberFormatException e) {
            errors.add(valueError(s.get(), "is not an integer"));
            return def;
        }
    }

    private Duration duration(String key, Duration def) {
        Optional<Setting> s = get(key);
        if (s.isEmpty()) {
            return def;
        }
        try {
            return GoDuration.parse(s.get().value());
        } catch (IllegalArgumentException e) {
            errors.add(
                    valueError(s.get(), "is not a duration (like 10s, 1m30s, 100ms, or seconds): " + e.getMessage()));
            return def;
        }
    }

    private <T> T choice(String key, T def, Map<String, T> choices) {
        Optional<Setting> s = get(key);
        if (s.isEmpty()) {
            return def;
        }
        T v = choices.get(s.get().value().trim().toLowerCase(Locale.ROOT));
        if (v == null) {
            errors.add(valueError(s.get(), "is not one of " + String.join(", ", new TreeMap<>(choices).keySet())));
            return def;
        }
        return v;
    }

    private static String valueError(Setting s, String problem) {
        return s.origin() + ": \"" + s.value() + "\" " + problem;
    }
}
