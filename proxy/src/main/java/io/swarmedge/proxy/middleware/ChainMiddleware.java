package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/**
 * Middlewares run as one, in order; what a {@code chain} compiles to, and what a router's
 * middleware list resolves to. Nested chains are flattened at compile time, so this is one loop.
 *
 * <p>Answers follow Traefik's nesting: when middleware {@code i} answers, the ones after it do not
 * run and the answer goes through the {@code onResponse} of middlewares {@code i-1 … 0} (so an
 * outer {@code headers} adds HSTS to an inner redirect) before it is returned. A forwarded response
 * goes through every {@code onResponse}, last middleware first.
 */
public final class ChainMiddleware implements HttpMiddleware {
    private final HttpMiddleware[] middlewares;

    /** A chain of leaf middlewares, in request order. */
    public ChainMiddleware(List<HttpMiddleware> middlewares) {
        this.middlewares = middlewares.toArray(HttpMiddleware[]::new);
    }

    /** The middlewares, in request order. */
    public List<HttpMiddleware> middlewares() {
        return List.of(middlewares);
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        for (int i = 0; i < middlewares.length; i++) {
            Optional<FullHttpResponse> answer = middlewares[i].onRequest(context);
            if (answer.isPresent()) {
                for (int j = i - 1; j >= 0; j--) {
                    middlewares[j].onResponse(context, answer.get());
                }
                return answer;
            }
        }
        return Optional.empty();
    }

    @Override
    public void onResponse(RequestContext context, HttpResponse response) {
        for (int i = middlewares.length - 1; i >= 0; i--) {
            middlewares[i].onResponse(context, response);
        }
    }
}
