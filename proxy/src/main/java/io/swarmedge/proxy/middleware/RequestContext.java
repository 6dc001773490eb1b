package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;

/**
 * One request as middlewares see it, before it is forwarded. The request head is mutable (headers,
 * URI); bodies are never touched by middlewares, so they stream.
 *
 * @param request the request head as it will be forwarded (mutable)
 * @param originalUri the URI as the client sent it, before any rewrite
 * @param tls whether the client connection is TLS (the scheme the client used)
 * @param entryPoint the entrypoint's name
 * @param localPort the port the client connected to
 * @param clientAddress the TCP peer
 */
public record RequestContext(
        HttpRequest request,
        String originalUri,
        boolean tls,
        String entryPoint,
        int localPort,
        InetSocketAddress clientAddress) {

    /** {@code https} or {@code http}, as the client used. */
    public String scheme() {
        return tls ? "https" : "http";
    }
}
