package io.swarmedge.proxy.runtime;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.swarmedge.proxy.middleware.HttpMiddleware;
import io.swarmedge.proxy.middleware.RequestContext;
import java.util.Optional;

/**
 * The middleware of an entrypoint's generated redirection router ({@code
 * http.redirections.entryPoint}): sends every request to the same host and path on another scheme
 * and port.
 *
 * @param scheme target scheme
 * @param port target port, or 0 for the scheme's default
 * @param permanent 301/308 rather than 302/307
 */
record EntryPointRedirect(String scheme, int port, boolean permanent) implements HttpMiddleware {
    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        String host = context.request().headers().get(HttpHeaderNames.HOST, "");
        host = hostWithoutPort(host);
        boolean defaultPort =
                port == 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        String location = scheme + "://" + host + (defaultPort ? "" : ":" + port) + context.originalUri();
        boolean safe = switch (context.request().method().name()) {
            case "GET", "HEAD" -> true;
            default -> false;
        };
        HttpResponseStatus status = permanent
                ? (safe ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT)
                : (safe ? HttpResponseStatus.FOUND : HttpResponseStatus.TEMPORARY_REDIRECT);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(HttpHeaderNames.LOCATION, location).set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return Optional.of(response);
    }

    private static String hostWithoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(0, close + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon >= 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }
}
