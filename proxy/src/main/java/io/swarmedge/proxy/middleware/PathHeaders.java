package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

/** Request headers the path middlewares set for the backend. */
final class PathHeaders {
    /** The prefix a strip removed (Traefik's {@code X-Forwarded-Prefix}). */
    static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-prefix");

    /** The encoded path before a replacement (Traefik's {@code X-Replaced-Path}). */
    static final AsciiString X_REPLACED_PATH = AsciiString.cached("x-replaced-path");

    private PathHeaders() {}

    /**
     * Strips the first {@code decodedEnd} characters of the decoded path from the request: the cut is
     * made in the encoded path at the same place, the rest keeps a leading slash and the query, and
     * {@code forwardedPrefix} goes to {@code X-Forwarded-Prefix}.
     *
     * @return false, changing nothing, when the cut would fall inside a percent-escape
     */
    static boolean stripPrefix(
            HttpRequest request, RequestTarget target, DecodedPath path, int decodedEnd, String forwardedPrefix) {
        int cut = path.rawIndexAfter(decodedEnd);
        if (cut < 0) {
            return false;
        }
        request.headers().add(X_FORWARDED_PREFIX, forwardedPrefix);
        request.setUri(target.withPath(ensureLeadingSlash(path.raw().substring(cut))));
        return true;
    }

    /** Go's {@code ensureLeadingSlash}: empty stays empty. */
    static String ensureLeadingSlash(String path) {
        return path.isEmpty() || path.charAt(0) == '/' ? path : "/" + path;
    }
}
