package io.swarmedge.config.rule;

import java.util.regex.Pattern;

/**
 * Traefik v2's gorilla/mux templates: literal text with {@code {name}} or {@code {name:regexp}}
 * placeholders, as in {@code {sub:[a-z]+}.example.com} or {@code /user/{id:[0-9]+}}.
 */
final class MuxTemplate {
    enum Kind {
        /** Whole host, placeholders default to {@code [^.]+}, case-insensitive. */
        HOST("[^.]+", true),
        /** Whole path, placeholders default to {@code [^/]+}. */
        PATH("[^/]+", true),
        /** Path prefix. */
        PATH_PREFIX("[^/]+", false),
        /** Whole query value, placeholders default to {@code .*}. */
        QUERY_VALUE(".*", true);

        final String defaultPattern;
        final boolean anchoredEnd;

        Kind(String defaultPattern, boolean anchoredEnd) {
            this.defaultPattern = defaultPattern;
            this.anchoredEnd = anchoredEnd;
        }
    }

    private MuxTemplate() {}

    /** Whether the text contains a placeholder (a '{'). */
    static boolean hasPlaceholder(String template) {
        return template.indexOf('{') >= 0;
    }

    /**
     * Compiles a template to an anchored pattern (use {@code find()}).
     *
     * @throws GoRegexp.InvalidRegexpException with the index in the template
     */
    static Pattern compile(String template, Kind kind) {
        if (template.isEmpty() && kind == Kind.QUERY_VALUE) {
            // mux: Query(`key=`) requires the key with any value
            template = "{v}";
        }
        StringBuilder java = new StringBuilder("^");
        int literalStart = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '}') {
                throw new GoRegexp.InvalidRegexpException("unbalanced braces", i);
            }
            if (c != '{') {
                i++;
                continue;
            }
            int depth = 0;
            int end = i;
            for (; end < template.length(); end++) {
                char e = template.charAt(end);
                if (e == '{') {
                    depth++;
                } else if (e == '}' && --depth == 0) {
                    break;
                }
            }
            if (depth != 0) {
                throw new GoRegexp.InvalidRegexpException("unbalanced braces", i);
            }
            java.append(quote(template.substring(literalStart, i)));
            String inner = template.substring(i + 1, end);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String pattern = colon < 0 ? kind.defaultPattern : inner.substring(colon + 1);
            if (name.isEmpty() || pattern.isEmpty()) {
                throw new GoRegexp.InvalidRegexpException("missing name or pattern in {" + inner + "}", i);
            }
            String translated;
            try {
                translated = GoRegexp.translate(pattern);
            } catch (GoRegexp.InvalidRegexpException e) {
                int at = e.index() < 0 ? i : i + 1 + colon + 1 + e.index();
                throw new GoRegexp.InvalidRegexpException(e.getMessage(), at);
            }
            java.append("(?:").append(translated).append(')');
            i = end + 1;
            literalStart = i;
        }
        java.append(quote(template.substring(literalStart)));
        if (kind.anchoredEnd) {
            java.append("\\z");
        }
        int flags = Pattern.UNIX_LINES | Pattern.UNICODE_CASE | (kind == Kind.HOST ? Pattern.CASE_INSENSITIVE : 0);
        try {
            return Pattern.compile(java.toString(), flags);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new GoRegexp.InvalidRegexpException(e.getDescription(), -1);
        }
    }

    private static String quote(String literal) {
        return literal.isEmpty() ? "" : Pattern.quote(literal);
    }
}
