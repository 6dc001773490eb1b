package io.swarmedge.config.staticconfig;

import io.swarmedge.config.dynamic.NameSuggestion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every static configuration key swarmedge understands, as a tree matched case-insensitively (like
 * Traefik). {@code *} segments are user-chosen names (entrypoints, resolvers), {@code #} segments
 * list indexes ({@code domains[0]}).
 */
final class StaticKeys {
    /** The value kinds of keys. */
    enum Type {
        STRING,
        BOOL,
        INT,
        DURATION,
        /** Comma-separated in flags and environment, a sequence in YAML. */
        LIST,
        /** Enables a section: {@code --ping}, {@code --ping=true}, {@code ping: {}}; also set by any sub-key. */
        SECTION
    }

    /** A node of the key tree. */
    static final class Node {
        final String name;
        Type type;
        final Map<String, Node> children = new LinkedHashMap<>();
        Node names;
        Node indexes;

        Node(String name) {
            this.name = name;
        }

        boolean isLeaf() {
            return children.isEmpty() && names == null && indexes == null;
        }
    }

    static final Node ROOT = new Node("");

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    static {
        key("global.checkNewVersion", Type.BOOL);
        key("global.sendAnonymousUsage", Type.BOOL);
        key("api", Type.SECTION);
        key("api.dashboard", Type.BOOL);
        key("api.insecure", Type.BOOL);
        key("api.debug", Type.BOOL);
        key("core.defaultRuleSyntax", Type.STRING);
        key("log", Type.SECTION);
        key("log.level", Type.STRING);
        key("log.format", Type.STRING);
        key("log.filePath", Type.STRING);
        key("accessLog", Type.SECTION);
        key("accessLog.filePath", Type.STRING);
        key("accessLog.format", Type.STRING);
        key("accessLog.bufferingSize", Type.INT);
        key("ping", Type.SECTION);
        key("ping.entryPoint", Type.STRING);
        key("ping.terminatingStatusCode", Type.INT);
        key("metrics.prometheus", Type.SECTION);
        key("metrics.prometheus.entryPoint", Type.STRING);
        key("metrics.prometheus.buckets", Type.LIST);
        key("metrics.prometheus.addEntryPointsLabels", Type.BOOL);
        key("metrics.prometheus.addRoutersLabels", Type.BOOL);
        key("metrics.prometheus.addServicesLabels", Type.BOOL);
        key("lifeCycle.requestAcceptGraceTimeout", Type.DURATION);
        key("lifeCycle.graceTimeOut", Type.DURATION);

        String ep = "entryPoints.*.";
        key(ep + "address", Type.STRING);
        key(ep + "http.redirections.entryPoint.to", Type.STRING);
        key(ep + "http.redirections.entryPoint.scheme", Type.STRING);
        key(ep + "http.redirections.entryPoint.permanent", Type.BOOL);
        key(ep + "http.redirections.entryPoint.priority", Type.INT);
        key(ep + "http.middlewares", Type.LIST);
        key(ep + "http.tls", Type.SECTION);
        key(ep + "http.tls.options", Type.STRING);
        key(ep + "http.tls.certResolver", Type.STRING);
        key(ep + "http.tls.domains.#.main", Type.STRING);
        key(ep + "http.tls.domains.#.sans", Type.LIST);
        key(ep + "http.maxHeaderBytes", Type.INT);
        key(ep + "http.maxHeaderCount", Type.INT);
        key(ep + "forwardedHeaders.trustedIPs", Type.LIST);
        key(ep + "forwardedHeaders.insecure", Type.BOOL);
        key(ep + "transport.respondingTimeouts.readTimeout", Type.DURATION);
        key(ep + "transport.respondingTimeouts.writeTimeout", Type.DURATION);
        key(ep + "transport.respondingTimeouts.idleTimeout", Type.DURATION);
        key(ep + "transport.lifeCycle.requestAcceptGraceTimeout", Type.DURATION);
        key(ep + "transport.lifeCycle.graceTimeOut", Type.DURATION);
        key(ep + "transport.maxConnections", Type.INT);
        key(ep + "transport.keepAliveMaxRequests", Type.INT);
        key(ep + "transport.keepAliveMaxTime", Type.DURATION);

        key("providers.providersThrottleDuration", Type.DURATION);
        key("providers.file", Type.SECTION);
        key("providers.file.filename", Type.STRING);
        key("providers.file.directory", Type.STRING);
        key("providers.file.watch", Type.BOOL);
        for (String p : List.of("providers.swarm", "providers.docker")) {
            key(p, Type.SECTION);
            key(p + ".endpoint", Type.STRING);
            key(p + ".exposedByDefault", Type.BOOL);
            key(p + ".defaultRule", Type.STRING);
            key(p + ".constraints", Type.STRING);
            key(p + ".network", Type.STRING);
            key(p + ".allowEmptyServices", Type.BOOL);
            key(p + ".watch", Type.BOOL);
        }
        key("providers.swarm.refreshSeconds", Type.DURATION);
        key("providers.docker.swarmMode", Type.BOOL);
        key("providers.docker.swarmModeRefreshSeconds", Type.DURATION);

        String acme = "certificatesResolvers.*.acme.";
        key("certificatesResolvers.*.acme", Type.SECTION);
        key(acme + "email", Type.STRING);
        key(acme + "caServer", Type.STRING);
        key(acme + "storage", Type.STRING);
        key(acme + "keyType", Type.STRING);
        key(acme + "certificatesDuration", Type.INT);
        key(acme + "preferredChain", Type.STRING);
        key(acme + "eab.kid", Type.STRING);
        key(acme + "eab.hmacEncoded", Type.STRING);
        key(acme + "caCertificates", Type.LIST);
        key(acme + "httpChallenge", Type.SECTION);
        key(acme + "httpChallenge.entryPoint", Type.STRING);
        key(acme + "tlsChallenge", Type.SECTION);

        key("serversTransport.insecureSkipVerify", Type.BOOL);
        key("serversTransport.rootCAs", Type.LIST);
        key("serversTransport.maxIdleConnsPerHost", Type.INT);
        key("serversTransport.forwardingTimeouts.dialTimeout", Type.DURATION);
        key("serversTransport.forwardingTimeouts.responseHeaderTimeout", Type.DURATION);
        key("serversTransport.forwardingTimeouts.idleConnTimeout", Type.DURATION);
        // swarmedge's own: not a Traefik key
        key("serversTransport.unavailableHold", Type.DURATION);
    }

    private StaticKeys() {}

    private static void key(String path, Type type) {
        Node n = ROOT;
        for (String segment : path.split("\\.")) {
            n = switch (segment) {
                case "*" -> n.names == null ? (n.names = new Node("*")) : n.names;
                case "#" -> n.indexes == null ? (n.indexes = new Node("#")) : n.indexes;
                default -> n.children.computeIfAbsent(segment.toLowerCase(Locale.ROOT), k -> new Node(segment));
            };
        }
        n.type = type;
    }

    /**
     * A key resolved against the tree.
     *
     * @param path canonical segments: known keys spelled as documented, names and indexes as written
     * @param node the node reached
     */
    record Resolved(List<String> path, Node node) {
        String dotted() {
            return String.join(".", path);
        }
    }

    /**
     * Resolves user-written segments.
     *
     * @return the resolved key, or a sentence explaining why the key is unknown (with a suggestion)
     */
    static Result resolve(List<String> segments) {
        return resolve(segments, false);
    }

    /** As {@link #resolve(List)}; with {@code allowSection}, a node that only holds sub-keys is fine too. */
    static Result resolve(List<String> segments, boolean allowSection) {
        Node n = ROOT;
        List<String> path = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            Node next = n.children.get(s.toLowerCase(Locale.ROOT));
            if (next != null) {
                path.add(next.name);
            } else if (n.names != null && !s.isEmpty()) {
                if (!NAME.matcher(s).matches()) {
                    return new Result(
                            Optional.empty(), "has an invalid name \"" + s + "\" (letters, digits, '-' and '_')");
                }
                next = n.names;
                path.add(s);
            } else if (n.indexes != null
                    && !s.isEmpty()
                    && s.chars().allMatch(c -> c >= '0' && c <= '9')
                    && s.length() < 5) {
                next = n.indexes;
                path.add(s);
            } else {
                return new Result(Optional.empty(), suggestion(n, path, s, segments.subList(i + 1, segments.size())));
            }
            n = next;
        }
        if (n.type == null && !allowSection) {
            String children = n.children.values().stream()
                    .map(c -> c.name)
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
            return new Result(
                    Optional.empty(),
                    "is a section, not a key" + (children.isEmpty() ? "" : " (keys under it: " + children + ")"));
        }
        return new Result(Optional.of(new Resolved(List.copyOf(path), n)), "");
    }

    /** Either a resolved key or why not. */
    record Result(Optional<Resolved> resolved, String problem) {}

    private static String suggestion(Node n, List<String> path, String segment, List<String> rest) {
        String lower = segment.toLowerCase(Locale.ROOT);
        Optional<Node> best = n.children.values().stream()
                .min(Comparator.comparingInt(c -> NameSuggestion.distance(c.name.toLowerCase(Locale.ROOT), lower)))
                .filter(c -> NameSuggestion.distance(c.name.toLowerCase(Locale.ROOT), lower)
                        <= Math.max(2, lower.length() / 4));
        if (best.isPresent()) {
            List<String> fixed = new ArrayList<>(path);
            fixed.add(best.get().name);
            fixed.addAll(rest);
            return "is not a known key (did you mean \"" + String.join(".", fixed) + "\"?)";
        }
        if (n == ROOT) {
            if (List.of("http", "tls", "tcp", "udp").contains(lower)) {
                return "is not a known key (routers, services, middlewares and TLS options are dynamic"
                        + " configuration: put them in the file of providers.file.filename)";
            }
            return "is not a known key";
        }
        String known = n.children.values().stream()
                .map(c -> c.name)
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        return "is not a known key"
                + (known.isEmpty() ? "" : " (known under " + String.join(".", path) + ": " + known + ")");
    }

    /** Every key, {@code *} shown as {@code <name>} and {@code #} as {@code [n]}, with its type. */
    static List<String> describeAll() {
        List<String> out = new ArrayList<>();
        describe(ROOT, "", out);
        return out;
    }

    private static void describe(Node n, String prefix, List<String> out) {
        if (n.type != null) {
            out.add(prefix + "  (" + n.type.name().toLowerCase(Locale.ROOT) + ")");
        }
        for (Node c : n.children.values()) {
            describe(c, prefix.isEmpty() ? c.name : prefix + "." + c.name, out);
        }
        if (n.names != null) {
            describe(n.names, prefix + ".<name>", out);
        }
        if (n.indexes != null) {
            describe(n.indexes, prefix + "[n]", out);
        }
    }
}
