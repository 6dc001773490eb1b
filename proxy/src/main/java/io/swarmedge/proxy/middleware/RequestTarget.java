package io.swarmedge.proxy.middleware;

import java.util.Optional;

/**
 * The path and query of a request URI, split once. The path stays percent-encoded exactly as the
 * client sent it, so rewrites never re-encode what they did not touch.
 *
 * @param rawPath the encoded path ({@code /a%2Fb}); empty for an absolute-form URI without a path
 * @param rawQuery {@code ""} or the query with its leading {@code ?}
 */
record RequestTarget(String rawPath, String rawQuery) {

    /**
     * Splits an origin-form ({@code /p?q}) or absolute-form ({@code http://h/p?q}) URI. Asterisk and
     * authority forms have no path to rewrite.
     */
    static Optional<RequestTarget> parse(String uri) {
        int pathStart;
        if (uri.startsWith("/")) {
            pathStart = 0;
        } else {
            int schemeEnd = schemeLength(uri);
            if (schemeEnd < 0) {
                return Optional.empty();
            }
            pathStart = schemeEnd;
            while (pathStart < uri.length() && uri.charAt(pathStart) != '/' && uri.charAt(pathStart) != '?') {
                pathStart++;
            }
        }
        int query = uri.indexOf('?', pathStart);
        return query < 0
                ? Optional.of(new RequestTarget(uri.substring(pathStart), ""))
                : Optional.of(new RequestTarget(uri.substring(pathStart, query), uri.substring(query)));
    }

    /** Length of a leading {@code http://} or {@code https://} (any case), or -1. */
    static int schemeLength(String uri) {
        if (uri.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        if (uri.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return -1;
    }

    /**
     * The origin-form URI with another encoded path and the same query. An empty path becomes
     * {@code /}, as Go's {@code URL.RequestURI} does.
     */
    String withPath(String newRawPath) {
        String path = newRawPath.isEmpty() ? "/" : newRawPath;
        return rawQuery.isEmpty() ? path : path + rawQuery;
    }
}
