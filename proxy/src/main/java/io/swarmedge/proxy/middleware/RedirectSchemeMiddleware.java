package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.swarmedge.config.dynamic.Middleware;
import java.util.Locale;
import java.util.Optional;

/**
 * Traefik's {@code redirectScheme}: redirects to the same host and URI on another scheme (and
 * port). As in Traefik, the request is redirected whenever the target URL differs from the URL the
 * client used, so a request already on the target scheme and port passes through, while one on the
 * right scheme but another port is redirected. The client's scheme is the connection's, overridden
 * by {@code X-Forwarded-Proto} ({@code http}/{@code ws} or {@code https}/{@code wss}) when present:
 * the entrypoint keeps that header only from trusted proxies.
 */
public final class RedirectSchemeMiddleware implements HttpMiddleware {
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");

    private final String scheme;
    private final String port;
    private final boolean permanent;

    private RedirectSchemeMiddleware(String scheme, String port, boolean permanent) {
        this.scheme = scheme;
        this.port = port;
        this.permanent = permanent;
    }

    /**
     * Compiles the configuration.
     *
     * @throws IllegalArgumentException when the scheme is missing or the port is not a port number
     */
    public static RedirectSchemeMiddleware of(Middleware.RedirectScheme config) {
        String scheme = config.scheme().trim();
        if (scheme.isEmpty()) {
            throw new IllegalArgumentException("redirectScheme: you must provide a target scheme");
        }
        String port = config.port().trim();
        if (!port.isEmpty()) {
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("redirectScheme: invalid port \"" + config.port() + "\"");
            }
        }
        String suffix = port.isEmpty() || isDefaultPort(scheme, ":" + port) ? "" : ":" + port;
        return new RedirectSchemeMiddleware(scheme, suffix, config.permanent());
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        HttpRequest request = context.request();
        String hostHeader = request.headers().get(HttpHeaderNames.HOST, "");
        String host = hostHeader;
        String clientPort = "";
        int colon = portSeparator(hostHeader);
        if (colon >= 0) {
            host = hostHeader.substring(0, colon);
            clientPort = hostHeader.substring(colon);
        }
        String uri = request.uri();
        String clientScheme = "http";
        int schemeLength = RequestTarget.schemeLength(uri);
        if (schemeLength > 0) {
            // absolute-form request target: scheme, host and port come from it
            clientScheme = uri.substring(0, schemeLength - 3).toLowerCase(Locale.ROOT);
            int authorityEnd = schemeLength;
            while (authorityEnd < uri.length() && uri.charAt(authorityEnd) != '/' && uri.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            String authority = uri.substring(schemeLength, authorityEnd);
            int c = portSeparator(authority);
            String uriHost = c >= 0 ? authority.substring(0, c) : authority;
            if (!uriHost.isEmpty()) {
                host = uriHost;
            }
            if (c >= 0) {
                clientPort = authority.substring(c);
            }
            uri = uri.substring(authorityEnd);
        }
        if (context.tls()) {
            clientScheme = "https";
        }
        String forwardedProto = request.headers().get(X_FORWARDED_PROTO);
        if (forwardedProto != null) {
            if (forwardedProto.equalsIgnoreCase("http") || forwardedProto.equalsIgnoreCase("ws")) {
                clientScheme = "http";
            } else if (forwardedProto.equalsIgnoreCase("https") || forwardedProto.equalsIgnoreCase("wss")) {
                clientScheme = "https";
            }
        }
        if (isDefaultPort(clientScheme, clientPort)) {
            clientPort = "";
        }
        if (clientScheme.equals(scheme) && clientPort.equals(port)) {
            return Optional.empty();
        }
        String location = scheme + "://" + host + port + uri;
        if (!DirectResponses.isHeaderSafe(location)) {
            return Optional.of(
                    DirectResponses.error(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"));
        }
        return Optional.of(DirectResponses.redirect(request, permanent, location));
    }

    private static boolean isDefaultPort(String scheme, String port) {
        return (scheme.equals("http") && port.equals(":80")) || (scheme.equals("https") && port.equals(":443"));
    }

    /** Index of the ':' before a port in {@code host[:port]} / {@code [v6][:port]}, or -1. */
    private static int portSeparator(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close >= 0 && colon == close + 1 ? colon : -1;
        }
        // a bare IPv6 address has several colons and no port
        return hostPort.indexOf(':') == colon ? colon : -1;
    }
}
