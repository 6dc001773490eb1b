package io.swarmedge.config.dynamic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes one {@code http.middlewares.<name>} object into a {@link Middleware}. */
final class MiddlewareDecoder {
    static final List<String> SUPPORTED = List.of(
            "addPrefix",
            "stripPrefix",
            "stripPrefixRegex",
            "replacePath",
            "replacePathRegex",
            "redirectScheme",
            "redirectRegex",
            "chain",
            "headers");

    static final List<String> UNSUPPORTED = List.of(
            "basicAuth",
            "digestAuth",
            "forwardAuth",
            "rateLimit",
            "ipAllowList",
            "ipWhiteList",
            "inFlightReq",
            "compress",
            "retry",
            "buffering",
            "circuitBreaker",
            "errors",
            "plugin",
            "grpcWeb",
            "passTLSClientCert",
            "contentType");

    private static final List<String> HEADERS_KEYS = List.of(
            "customRequestHeaders",
            "customResponseHeaders",
            "accessControlAllowCredentials",
            "accessControlAllowHeaders",
            "accessControlAllowMethods",
            "accessControlAllowOriginList",
            "accessControlAllowOriginListRegex",
            "accessControlExposeHeaders",
            "accessControlMaxAge",
            "addVaryHeader",
            "allowedHosts",
            "hostsProxyHeaders",
            "stsSeconds",
            "stsIncludeSubdomains",
            "stsPreload",
            "forceSTSHeader",
            "frameDeny",
            "customFrameOptionsValue",
            "contentTypeNosniff",
            "browserXssFilter",
            "customBrowserXSSValue",
            "contentSecurityPolicy",
            "contentSecurityPolicyReportOnly",
            "publicKey",
            "referrerPolicy",
            "permissionsPolicy",
            "isDevelopment");

    private static final List<String> HEADERS_UNSUPPORTED = List.of(
            "sslRedirect", "sslTemporaryRedirect", "sslHost", "sslProxyHeaders", "sslForceHost", "featurePolicy");

    private MiddlewareDecoder() {}

    static Middleware decode(Node node) {
        String name = Checks.objectName(node, "middleware");
        String what = "middleware \"" + name + "\"";
        List<Node> types = node.entries();
        if (types.isEmpty()) {
            throw node.fail(what + " has no type (expected one of " + String.join(", ", SUPPORTED) + ")");
        }
        if (types.size() > 1) {
            throw node.fail(what + " has several types: "
                    + String.join(", ", types.stream().map(Node::name).toList()) + " (one per middleware)");
        }
        Node typeNode = types.getFirst();
        String type = typeNode.name();
        String canonical = TlsNames.canonical(type, SUPPORTED).orElse("");
        if (canonical.isEmpty()) {
            if (TlsNames.canonical(type, UNSUPPORTED).isPresent()) {
                throw typeNode.fail(what + " type \"" + type + "\" is not supported by swarmedge");
            }
            List<String> all = new ArrayList<>(SUPPORTED);
            all.addAll(UNSUPPORTED);
            throw typeNode.fail("unknown middleware type \"" + type + "\"" + NameSuggestion.hint(type, all));
        }
        String typed = what + " (" + canonical + ")";
        return switch (canonical) {
            case "addPrefix" -> {
                Fields f = new Fields(typeNode, typed, List.of("prefix"), List.of());
                yield new Middleware.AddPrefix(f.requiredString("prefix"));
            }
            case "stripPrefix" -> {
                Fields f = new Fields(typeNode, typed, List.of("prefixes", "forceSlash"), List.of());
                List<String> prefixes = f.strings("prefixes");
                if (prefixes.isEmpty()) {
                    throw f.node("prefixes").fail(typed + " needs at least one prefix");
                }
                yield new Middleware.StripPrefix(prefixes, f.bool("forceSlash", false));
            }
            case "stripPrefixRegex" -> {
                Fields f = new Fields(typeNode, typed, List.of("regex"), List.of());
                List<String> regex = f.strings("regex");
                if (regex.isEmpty()) {
                    throw f.node("regex").fail(typed + " needs at least one regex");
                }
                yield new Middleware.StripPrefixRegex(Checks.regexes(f.node("regex"), regex));
            }
            case "replacePath" -> {
                Fields f = new Fields(typeNode, typed, List.of("path"), List.of());
                yield new Middleware.ReplacePath(f.requiredString("path"));
            }
            case "replacePathRegex" -> {
                Fields f = new Fields(typeNode, typed, List.of("regex", "replacement"), List.of());
                String regex = Checks.regex(f.node("regex"), f.requiredString("regex"));
                yield new Middleware.ReplacePathRegex(regex, f.string("replacement", ""));
            }
            case "redirectScheme" -> redirectScheme(typeNode, typed);
            case "redirectRegex" -> {
                Fields f = new Fields(typeNode, typed, List.of("regex", "replacement", "permanent"), List.of());
                String regex = Checks.regex(f.node("regex"), f.requiredString("regex"));
                yield new Middleware.RedirectRegex(regex, f.requiredString("replacement"), f.bool("permanent", false));
            }
            case "chain" -> {
                Fields f = new Fields(typeNode, typed, List.of("middlewares"), List.of());
                List<String> refs = Checks.references(f.node("middlewares"), f.strings("middlewares"), "middleware");
                if (refs.isEmpty()) {
                    throw f.node("middlewares").fail(typed + " needs at least one middleware");
                }
                yield new Middleware.Chain(refs);
            }
            case "headers" -> headers(typeNode, typed);
            default -> throw new IllegalStateException(canonical);
        };
    }

    private static Middleware redirectScheme(Node typeNode, String typed) {
        Fields f = new Fields(typeNode, typed, List.of("scheme", "port", "permanent"), List.of());
        String scheme = f.requiredString("scheme").strip();
        if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]{0,31}")) {
            throw f.node("scheme").fail("invalid scheme \"" + scheme + "\"");
        }
        String port = f.string("port", "").strip();
        if (!port.isEmpty()) {
            f.node("port").integer(1, 65535);
        }
        return new Middleware.RedirectScheme(scheme, port, f.bool("permanent", false));
    }

    private static Middleware headers(Node typeNode, String typed) {
        Fields f = new Fields(typeNode, typed, HEADERS_KEYS, HEADERS_UNSUPPORTED);
        return new Middleware.Headers(
                headerMap(f.node("customRequestHeaders")),
                headerMap(f.node("customResponseHeaders")),
                f.bool("accessControlAllowCredentials", false),
                headerNames(f.node("accessControlAllowHeaders"), f.strings("accessControlAllowHeaders")),
                headerNames(f.node("accessControlAllowMethods"), f.strings("accessControlAllowMethods")),
                values(f.node("accessControlAllowOriginList"), f.strings("accessControlAllowOriginList")),
                Checks.regexes(
                        f.node("accessControlAllowOriginListRegex"), f.strings("accessControlAllowOriginListRegex")),
                headerNames(f.node("accessControlExposeHeaders"), f.strings("accessControlExposeHeaders")),
                f.integer("accessControlMaxAge", 0, 0, Integer.MAX_VALUE),
                f.bool("addVaryHeader", false),
                f.strings("allowedHosts"),
                headerNames(f.node("hostsProxyHeaders"), f.strings("hostsProxyHeaders")),
                f.integer("stsSeconds", 0, 0, Long.MAX_VALUE / 2),
                f.bool("stsIncludeSubdomains", false),
                f.bool("stsPreload", false),
                f.bool("forceSTSHeader", false),
                f.bool("frameDeny", false),
                value(f, "customFrameOptionsValue"),
                f.bool("contentTypeNosniff", false),
                f.bool("browserXssFilter", false),
                value(f, "customBrowserXSSValue"),
                value(f, "contentSecurityPolicy"),
                value(f, "contentSecurityPolicyReportOnly"),
                value(f, "publicKey"),
                value(f, "referrerPolicy"),
                value(f, "permissionsPolicy"),
                f.bool("isDevelopment", false));
    }

    private static String value(Fields f, String key) {
        return Checks.headerValue(f.node(key), f.string(key, ""));
    }

    private static List<String> values(Node at, List<String> values) {
        values.forEach(v -> Checks.headerValue(at, v));
        return values;
    }

    private static List<String> headerNames(Node at, List<String> names) {
        names.forEach(n -> Checks.headerName(at, n.strip()));
        return names.stream().map(String::strip).toList();
    }

    private static Map<String, String> headerMap(Node node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node e : node.entries()) {
            out.put(Checks.headerName(e, e.name()), Checks.headerValue(e, e.text()));
        }
        return out;
    }
}
