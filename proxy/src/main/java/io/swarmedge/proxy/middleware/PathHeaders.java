package io.swarmedge.proxy.middleware;

import io.netty.util.AsciiString;

/** Request headers the path middlewares set for the backend. */
final class PathHeaders {
    /** The prefix a strip removed (Traefik's {@code X-Forwarded-Prefix}). */
    static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-prefix");

    /** The encoded path before a replacement (Traefik's {@code X-Replaced-Path}). */
    static final AsciiString X_REPLACED_PATH = AsciiString.cached("x-replaced-path");

    private PathHeaders() {}

    /** Go's {@code ensureLeadingSlash}: empty stays empty. */
    static String ensureLeadingSlash(String path) {
        return path.isEmpty() || path.charAt(0) == '/' ? path : "/" + path;
    }
}
