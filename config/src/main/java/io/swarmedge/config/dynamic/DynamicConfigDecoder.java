package io.swarmedge.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.rule.RuleSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes Traefik's dynamic configuration (the {@code http} and {@code tls} sections, keys
 * case-insensitive) from YAML or from a Jackson tree into a {@link DynamicConfig}. Errors are per
 * object: an invalid router, service, middleware, transport, TLS option, certificate or store is
 * reported and left out; everything valid is kept. Features swarmedge does not implement are
 * errors that name them, never silently ignored.
 */
public final class DynamicConfigDecoder {
    /** Largest YAML source accepted. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final int MAX_DEPTH = 64;
    private static final List<String> ROUTER_KEYS =
            List.of("rule", "ruleSyntax", "priority", "entryPoints", "middlewares", "service", "tls");

    /** How the tree was written: YAML files, or labels (all values are text; lists are comma-separated). */
    public enum Dialect {
        FILE,
        LABELS
    }

    private final List<ConfigError> errors = new ArrayList<>();

    private DynamicConfigDecoder() {}

    /**
     * Decodes a YAML document.
     *
     * @param source the file name used in error messages
     * @throws ConfigSyntaxException when the document cannot be read at all
     */
    public static Decoded decodeYaml(String source, String yaml) throws ConfigSyntaxException {
        return decodeYaml(source, yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a YAML document given as UTF-8 bytes; see {@link #decodeYaml(String, String)}. */
    public static Decoded decodeYaml(String source, byte[] yaml) throws ConfigSyntaxException {
        if (yaml.length > MAX_BYTES) {
            throw new ConfigSyntaxException(
                    new ConfigError(source, 0, "", "file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB"));
        }
        YamlTree.Parsed parsed;
        try {
            parsed = YamlTree.parse(yaml, MAX_BYTES, MAX_DEPTH);
        } catch (YamlTree.YamlException e) {
            throw new ConfigSyntaxException(new ConfigError(source, e.line, "", e.getMessage()));
        }
        JsonNode root = parsed.root();
        LineIndex lines = parsed.lines();
        return new DynamicConfigDecoder().decodeRoot(root, new Node.Context(source, lines, false));
    }

    /** Decodes a tree (no line numbers in errors). */
    public static Decoded decodeTree(String source, JsonNode root, Dialect dialect) {
        return new DynamicConfigDecoder()
                .decodeRoot(root, new Node.Context(source, LineIndex.NONE, dialect == Dialect.LABELS));
    }

    private Decoded decodeRoot(JsonNode json, Node.Context context) {
        Node root = Node.root(json, context);
        if (root.isNull() || (json.isTextual() && json.asText().isBlank())) {
            return new Decoded(DynamicConfig.EMPTY, List.of());
        }
        if (!root.isObject()) {
            return new Decoded(
                    DynamicConfig.EMPTY,
                    List.of(root.fail("the document must be a map with http and tls sections")
                            .toError()));
        }
        Map<String, Node> top = sections(root, "top-level", List.of("http", "tls"), List.of("tcp", "udp"));
        HttpConfig http = top.containsKey("http") ? http(top.get("http")) : HttpConfig.EMPTY;
        TlsConfig tls = top.containsKey("tls") ? tls(top.get("tls")) : TlsConfig.EMPTY;
        return new Decoded(new DynamicConfig(http, tls), errors);
    }

    /** Splits a section into its known keys (in their canonical spelling), reporting the others. */
    private Map<String, Node> sections(Node node, String what, List<String> known, List<String> unsupported) {
        Map<String, Node> out = new LinkedHashMap<>();
        List<Node> entries;
        try {
            entries = node.entries();
        } catch (DecodeException e) {
            errors.add(e.toError());
            return out;
        }
        for (Node child : entries) {
            String key = child.name();
            var canonical = TlsNames.canonical(key, known);
            if (canonical.isPresent()) {
                if (out.put(canonical.get(), child) != null) {
                    errors.add(child.fail("section \"" + key + "\" is given twice (keys are case-insensitive)")
                            .toError());
                }
            } else if (TlsNames.canonical(key, unsupported).isPresent()) {
                if (!child.isNull()
                        && !(child.json().isContainerNode() && child.json().isEmpty())) {
                    errors.add(child.fail("the " + what + " section \"" + key + "\" is not supported by swarmedge")
                            .toError());
                }
            } else {
                List<String> all = new ArrayList<>(known);
                all.addAll(unsupported);
                errors.add(child.fail("unknown " + what + " section \"" + key + "\"" + NameSuggestion.hint(key, all))
                        .toError());
            }
        }
        return out;
    }

    private HttpConfig http(Node node) {
        Map<String, Node> s =
                sections(node, "http", List.of("routers", "services", "middlewares", "serversTransports"), List.of());
        return new HttpConfig(
                objects(s.get("routers"), this::router),
                objects(s.get("services"), ServiceDecoder::decode),
                objects(s.get("middlewares"), MiddlewareDecoder::decode),
                objects(s.get("serversTransports"), ServiceDecoder::serversTransport));
    }

    private TlsConfig tls(Node node) {
        Map<String, Node> s = sections(node, "tls", List.of("options", "certificates", "stores"), List.of());
        List<CertificateSource> certificates = new ArrayList<>();
        Node certs = s.get("certificates");
        if (certs != null) {
            try {
                for (Node c : certs.elements()) {
                    try {
                        certificates.add(TlsDecoder.certificate(c, true));
                    } catch (DecodeException e) {
                        errors.add(e.toError());
                    }
                }
            } catch (DecodeException e) {
                errors.add(e.toError());
            }
        }
        return new TlsConfig(
                objects(s.get("options"), TlsDecoder::options),
                certificates,
                objects(s.get("stores"), TlsDecoder::store));
    }

    /** Decodes every named object of a section, leaving out (and reporting) the invalid ones. */
    private <T> Map<String, T> objects(Node section, Function<Node, T> decode) {
        Map<String, T> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        List<Node> entries;
        try {
            entries = section.entries();
        } catch (DecodeException e) {
            errors.add(e.toError());
            return out;
        }
        for (Node entry : entries) {
            try {
                out.put(entry.name(), decode.apply(entry));
            } catch (DecodeException e) {
                errors.add(e.toError());
            }
        }
        return out;
    }

    private Router router(Node node) {
        String name = Checks.objectName(node, "router");
        String what = "router \"" + name + "\"";
        Fields f = new Fields(node, what, ROUTER_KEYS, List.of("observability"));
        String rule = f.requiredString("rule");
        RuleSyntax syntax = RuleSyntax.DEFAULT;
        if (f.has("ruleSyntax")) {
            String s = f.string("ruleSyntax", "").strip().toLowerCase(Locale.ROOT);
            syntax = switch (s) {
                case "v2" -> RuleSyntax.V2;
                case "v3" -> RuleSyntax.V3;
                case "" -> RuleSyntax.DEFAULT;
                default -> throw f.node("ruleSyntax").fail("invalid ruleSyntax \"" + s + "\" (expected v2 or v3)");
            };
        }
        checkRule(f.node("rule"), rule, syntax);
        List<String> entryPoints =
                f.strings("entryPoints").stream().map(String::strip).toList();
        for (String ep : entryPoints) {
            if (ep.isEmpty() || ep.indexOf('@') >= 0) {
                throw f.node("entryPoints").fail("invalid entrypoint name \"" + ep + "\"");
            }
        }
        return new Router(
                rule,
                syntax,
                (int) f.integer("priority", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                entryPoints,
                Checks.references(f.node("middlewares"), f.strings("middlewares"), "middleware"),
                Checks.reference(f.node("service"), f.requiredString("service"), "service"),
                routerTls(f, what));
    }

    /**
     * Parses the rule once so a syntax error is reported with its file, line or label. With the
     * default syntax (decided by the static configuration) a rule that is valid v2 is accepted; the
     * proxy parses again with the configured default.
     */
    private static void checkRule(Node at, String rule, RuleSyntax syntax) {
        try {
            RuleParser.parse(rule, syntax == RuleSyntax.DEFAULT ? RuleSyntax.V3 : syntax);
        } catch (RuleSyntaxException e) {
            if (syntax == RuleSyntax.DEFAULT) {
                try {
                    RuleParser.parse(rule, RuleSyntax.V2);
                    return;
                } catch (RuleSyntaxException v2) {
                    // report the v3 error: v3 is Traefik's default
                }
            }
            throw at.fail(e.getMessage());
        }
    }

    private static RouterTls routerTls(Fields router, String what) {
        if (!router.present("tls")) {
            return RouterTls.NONE;
        }
        Node node = router.node("tls");
        if (!node.isNull() && node.json().isValueNode()) {
            // Labels write "tls=true"; a file may write "tls: true".
            return node.bool() ? new RouterTls(true, "", "", List.of()) : RouterTls.NONE;
        }
        Fields f = new Fields(node, what + " tls", List.of("options", "certResolver", "domains"), List.of());
        List<RouterTls.Domain> domains = new ArrayList<>();
        for (Node d : f.node("domains").elements()) {
            Fields df = new Fields(d, what + " tls domain", List.of("main", "sans"), List.of());
            domains.add(new RouterTls.Domain(
                    df.requiredString("main").strip(),
                    df.strings("sans").stream().map(String::strip).toList()));
        }
        return new RouterTls(
                true,
                f.has("options") ? Checks.reference(f.node("options"), f.string("options", ""), "TLS options") : "",
                f.string("certResolver", "").strip(),
                domains);
    }
}
