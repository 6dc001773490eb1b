package io.swarmedge.config.dynamic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Decodes {@code http.services.<name>} and {@code http.serversTransports.<name>} objects. */
final class ServiceDecoder {
    private static final List<String> LOAD_BALANCER_KEYS = List.of(
            "servers", "strategy", "passHostHeader", "healthCheck", "sticky", "responseForwarding", "serversTransport");
    private static final List<String> HEALTH_CHECK_KEYS = List.of(
            "scheme",
            "mode",
            "path",
            "method",
            "status",
            "port",
            "hostname",
            "interval",
            "unhealthyInterval",
            "timeout",
            "headers",
            "followRedirects");
    private static final List<String> COOKIE_KEYS =
            List.of("name", "secure", "httpOnly", "sameSite", "maxAge", "path", "domain");
    private static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    private ServiceDecoder() {}

    static Service decode(Node node) {
        String name = Checks.objectName(node, "service");
        String what = "service \"" + name + "\"";
        Fields f = new Fields(node, what, List.of("loadBalancer", "weighted"), List.of("mirroring", "failover"));
        boolean lb = f.present("loadBalancer");
        boolean weighted = f.present("weighted");
        if (lb == weighted) {
            throw node.fail(what + (lb ? " has both loadBalancer and weighted" : " needs loadBalancer or weighted"));
        }
        return lb ? loadBalancer(f.node("loadBalancer"), what) : weighted(f.node("weighted"), what);
    }

    /** A load balancer; servers may be absent (labels add them from tasks; a file may list none). */
    static LoadBalancerService loadBalancer(Node node, String what) {
        Fields f = new Fields(node, what + " loadBalancer", LOAD_BALANCER_KEYS, List.of("passiveHealthCheck"));
        List<Server> servers = new ArrayList<>();
        for (Node s : f.node("servers").elements()) {
            Fields sf = new Fields(s, what + " server", List.of("url", "weight", "preservePath"), List.of("fenced"));
            servers.add(new Server(
                    Checks.serverUrl(sf.node("url"), sf.requiredString("url")),
                    (int) sf.integer("weight", 1, 0, 1_000_000),
                    sf.bool("preservePath", false)));
        }
        LoadBalancerService.Strategy strategy = LoadBalancerService.Strategy.WRR;
        if (f.has("strategy")) {
            String s = f.string("strategy", "").strip().toLowerCase(Locale.ROOT);
            strategy = switch (s) {
                case "wrr", "" -> LoadBalancerService.Strategy.WRR;
                case "p2c" -> LoadBalancerService.Strategy.P2C;
                case "hrw", "leasttime" ->
                    throw f.node("strategy").fail(what + " strategy \"" + s + "\" is not supported by swarmedge");
                default -> throw f.node("strategy").fail("unknown strategy \"" + s + "\" (expected wrr or p2c)");
            };
        }
        HealthCheck healthCheck =
                f.present("healthCheck") ? healthCheck(f.node("healthCheck"), what) : HealthCheck.NONE;
        Duration flush = DEFAULT_FLUSH_INTERVAL;
        if (f.has("responseForwarding")) {
            Fields rf = new Fields(
                    f.node("responseForwarding"), what + " responseForwarding", List.of("flushInterval"), List.of());
            flush = rf.duration("flushInterval", DEFAULT_FLUSH_INTERVAL);
        }
        return new LoadBalancerService(
                servers,
                strategy,
                f.bool("passHostHeader", true),
                healthCheck,
                sticky(f.node("sticky"), what),
                flush,
                f.has("serversTransport")
                        ? Checks.reference(
                                f.node("serversTransport"), f.string("serversTransport", ""), "serversTransport")
                        : "");
    }

    private static HealthCheck healthCheck(Node node, String what) {
        Fields f = new Fields(node, what + " healthCheck", HEALTH_CHECK_KEYS, List.of());
        String mode = f.string("mode", "http").strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("http")) {
            throw f.node("mode").fail(what + " healthCheck mode \"" + mode + "\" is not supported by swarmedge");
        }
        String scheme = f.string("scheme", "").strip().toLowerCase(Locale.ROOT);
        if (!scheme.isEmpty() && !List.of("http", "https", "h2c").contains(scheme)) {
            throw f.node("scheme").fail("invalid healthCheck scheme \"" + scheme + "\" (expected http, https or h2c)");
        }
        String path = f.string("path", "/").strip();
        if (!path.startsWith("/")) {
            throw f.node("path").fail("healthCheck path \"" + path + "\" must start with /");
        }
        String method = f.string("method", "GET").strip().toUpperCase(Locale.ROOT);
        Checks.headerName(f.node("method"), method);
        Duration interval = positive(f, "interval", HealthCheck.NONE.interval());
        Duration unhealthy = positive(f, "unhealthyInterval", interval);
        Duration timeout = positive(f, "timeout", HealthCheck.NONE.timeout());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Node h : f.node("headers").entries()) {
            headers.put(Checks.headerName(h, h.name()), Checks.headerValue(h, h.text()));
        }
        return new HealthCheck(
                true,
                scheme,
                path,
                method,
                (int) f.integer("status", 0, 0, 599),
                (int) f.integer("port", 0, 0, 65535),
                Checks.headerValue(f.node("hostname"), f.string("hostname", "").strip()),
                interval,
                unhealthy,
                timeout,
                headers,
                f.bool("followRedirects", true));
    }

    private static Duration nonNegative(Fields f, String key, Duration defaultValue) {
        Duration d = f.duration(key, defaultValue);
        if (d.isNegative()) {
            throw f.node(key).fail(key + " must not be negative");
        }
        return d;
    }

    private static Duration positive(Fields f, String key, Duration defaultValue) {
        Duration d = f.duration(key, defaultValue);
        if (d.isNegative() || d.isZero()) {
            throw f.node(key).fail(key + " must be positive");
        }
        return d;
    }

    /** {@code sticky: {cookie: {...}}}; {@code sticky.cookie=true} (labels) enables with defaults. */
    static StickyCookie sticky(Node node, String what) {
        if (node.isNull()) {
            return StickyCookie.NONE;
        }
        Fields f = new Fields(node, what + " sticky", List.of("cookie"), List.of());
        Node cookie = f.node("cookie");
        if (!cookie.isObject()) {
            if (cookie.isNull()) {
                // "sticky: {cookie: {}}" in YAML is a null cookie: enabled with defaults, like Traefik.
                return f.present("cookie") ? defaults() : StickyCookie.NONE;
            }
            return cookie.bool() ? defaults() : StickyCookie.NONE;
        }
        Fields c = new Fields(cookie, what + " sticky cookie", COOKIE_KEYS, List.of());
        String sameSite = c.string("sameSite", "").strip().toLowerCase(Locale.ROOT);
        if (!List.of("", "none", "lax", "strict").contains(sameSite)) {
            throw c.node("sameSite").fail("invalid sameSite \"" + sameSite + "\" (expected none, lax or strict)");
        }
        String name = c.string("name", "").strip();
        if (!name.isEmpty()) {
            Checks.headerName(c.node("name"), name);
        }
        return new StickyCookie(
                true,
                name,
                c.bool("secure", false),
                c.bool("httpOnly", false),
                sameSite,
                (int) c.integer("maxAge", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Checks.headerValue(c.node("path"), c.string("path", "/")),
                Checks.headerValue(c.node("domain"), c.string("domain", "")));
    }

    private static StickyCookie defaults() {
        return new StickyCookie(true, "", false, false, "", 0, "/", "");
    }

    private static WeightedService weighted(Node node, String what) {
        Fields f = new Fields(node, what + " weighted", List.of("services", "sticky"), List.of("healthCheck"));
        List<WeightedService.WeightedRef> refs = new ArrayList<>();
        for (Node s : f.node("services").elements()) {
            Fields sf = new Fields(s, what + " weighted service", List.of("name", "weight"), List.of());
            refs.add(new WeightedService.WeightedRef(
                    Checks.reference(sf.node("name"), sf.requiredString("name"), "service"),
                    (int) sf.integer("weight", 1, 0, 1_000_000)));
        }
        if (refs.isEmpty()) {
            throw f.node("services").fail(what + " weighted needs at least one service");
        }
        return new WeightedService(refs, sticky(f.node("sticky"), what));
    }

    static ServersTransport serversTransport(Node node) {
        String name = Checks.objectName(node, "serversTransport");
        String what = "serversTransport \"" + name + "\"";
        Fields f = new Fields(
                node,
                what,
                List.of("serverName", "insecureSkipVerify", "rootCAs", "maxIdleConnsPerHost", "forwardingTimeouts"),
                List.of("certificates", "disableHTTP2", "peerCertURI", "spiffe"));
        ServersTransport d = ServersTransport.DEFAULT;
        Duration dial = d.dialTimeout();
        Duration header = d.responseHeaderTimeout();
        Duration idle = d.idleConnTimeout();
        if (f.has("forwardingTimeouts")) {
            Fields t = new Fields(
                    f.node("forwardingTimeouts"),
                    what + " forwardingTimeouts",
                    List.of("dialTimeout", "responseHeaderTimeout", "idleConnTimeout"),
                    List.of("readIdleTimeout", "pingTimeout"));
            dial = nonNegative(t, "dialTimeout", dial);
            header = nonNegative(t, "responseHeaderTimeout", header);
            idle = nonNegative(t, "idleConnTimeout", idle);
        }
        return new ServersTransport(
                f.string("serverName", ""),
                f.bool("insecureSkipVerify", false),
                f.strings("rootCAs"),
                (int) f.integer("maxIdleConnsPerHost", d.maxIdleConnsPerHost(), -1, 100_000),
                dial,
                header,
                idle);
    }
}
