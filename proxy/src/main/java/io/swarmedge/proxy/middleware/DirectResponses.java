package io.swarmedge.proxy.middleware;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Responses a middleware sends itself instead of forwarding (redirects, refusals, preflights). */
final class DirectResponses {
    private static final AsciiString TEXT_PLAIN_UTF8 = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");

    private DirectResponses() {}

    /**
     * A redirect as Traefik sends it: 301/302 for GET, 308/307 for every other method (HEAD
     * included) so the method and body are kept; the body is the status text.
     */
    static FullHttpResponse redirect(HttpRequest request, boolean permanent, String location) {
        boolean get = HttpMethod.GET.equals(request.method());
        HttpResponseStatus status = permanent
                ? (get ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT)
                : (get ? HttpResponseStatus.FOUND : HttpResponseStatus.TEMPORARY_REDIRECT);
        FullHttpResponse response = text(request, status, status.reasonPhrase());
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    /** A short plain-text response, body {@code text} (nothing on the wire for HEAD). */
    static FullHttpResponse text(HttpRequest request, HttpResponseStatus status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        boolean head = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response = new DefaultFullHttpResponse(
                request.protocolVersion(), status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN_UTF8)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    /** Go's {@code http.Error}: text plus a newline, with {@code X-Content-Type-Options: nosniff}. */
    static FullHttpResponse error(HttpRequest request, HttpResponseStatus status, String text) {
        FullHttpResponse response = text(request, status, text + "\n");
        response.headers().set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        return response;
    }

    /** A response without a body. */
    static FullHttpResponse empty(HttpRequest request, HttpResponseStatus status) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(request.protocolVersion(), status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
        return response;
    }

    /** True when a URL is safe to put in a Location header (Go's url.Parse refuses control chars). */
    static boolean isHeaderSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
