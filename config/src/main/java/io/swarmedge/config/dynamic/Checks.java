package io.swarmedge.config.dynamic;

import io.swarmedge.config.rule.GoRegexp;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Value checks shared by the decoders: each throws a {@link DecodeException} at the node. */
final class Checks {
    private static final Set<String> SERVER_SCHEMES = Set.of("http", "https", "h2c");

    private Checks() {}

    /** Longest expression accepted: a limit against hostile configuration. */
    static final int MAX_REGEX_LENGTH = 4096;

    /**
     * Compiles once with the data plane's translator ({@link GoRegexp}), so what is accepted here is
     * what matches there; the model keeps the source text.
     */
    static String regex(Node at, String regex) {
        if (regex.isEmpty()) {
            throw at.fail("regular expression must not be empty");
        }
        if (regex.length() > MAX_REGEX_LENGTH) {
            throw at.fail("regular expression longer than " + MAX_REGEX_LENGTH + " characters");
        }
        try {
            GoRegexp.compile(regex);
        } catch (GoRegexp.InvalidRegexpException e) {
            throw at.fail("invalid regular expression \"" + regex + "\": " + e.getMessage()
                    + (e.index() >= 0 ? " at index " + e.index() : ""));
        }
        return regex;
    }

    static List<String> regexes(Node at, List<String> regexes) {
        for (String r : regexes) {
            regex(at, r);
        }
        return regexes;
    }

    /** A backend URL: http, https or h2c, with a host. */
    static URI serverUrl(Node at, String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw at.fail("invalid URL \"" + text + "\": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SERVER_SCHEMES.contains(scheme)) {
            throw at.fail("URL \"" + text + "\" must start with http://, https:// or h2c://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw at.fail("URL \"" + text + "\" has no host");
        }
        if (uri.getPort() > 65535) {
            throw at.fail("URL \"" + text + "\" has an invalid port");
        }
        return uri;
    }

    /** An HTTP header name: an RFC 9110 token. */
    static String headerName(Node at, String name) {
        if (name.isEmpty()) {
            throw at.fail("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw at.fail("invalid header name \"" + name + "\"");
            }
        }
        return name;
    }

    /** A header value: no line breaks or NUL (they would inject headers). */
    static String headerValue(Node at, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw at.fail("header value must not contain line breaks or NUL");
            }
        }
        return value;
    }

    /** An object name: not empty, and without {@code @}, which separates the provider. */
    static String objectName(Node at, String kind) {
        String name = at.name();
        if (name.isBlank()) {
            throw at.fail(kind + " name must not be empty");
        }
        if (name.indexOf('@') >= 0) {
            throw at.fail(kind + " name \"" + name + "\" must not contain '@' (it separates the provider)");
        }
        return name;
    }

    /** A reference to another object: not empty, at most one {@code @}. */
    static String reference(Node at, String ref, String kind) {
        String r = ref.strip();
        if (r.isEmpty()) {
            throw at.fail(kind + " reference must not be empty");
        }
        if (r.indexOf('@') != r.lastIndexOf('@') || r.startsWith("@") || r.endsWith("@")) {
            throw at.fail("invalid " + kind + " reference \"" + ref + "\" (expected name or name@provider)");
        }
        return r;
    }

    static List<String> references(Node at, List<String> refs, String kind) {
        return refs.stream().map(r -> reference(at, r, kind)).toList();
    }

    /** One of the given values, case-insensitively, returned in the canonical spelling. */
    static String oneOf(Node at, String value, List<String> allowed, String what) {
        return TlsNames.canonical(value, allowed)
                .orElseThrow(() -> at.fail("invalid " + what + " \"" + value + "\""
                        + (allowed.size() <= 10 ? ": expected one of " + String.join(", ", allowed) : "")
                        + NameSuggestion.hint(value, allowed)));
    }
}
