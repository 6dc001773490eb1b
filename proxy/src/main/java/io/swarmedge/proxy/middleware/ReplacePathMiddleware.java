package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.Middleware;
import java.util.Optional;

/**
 * Traefik's {@code replacePath}: replaces the path (keeping the query) and sends the previous
 * encoded path in {@code X-Replaced-Path}. The configured path is taken as an encoded path, as in
 * Traefik.
 */
public final class ReplacePathMiddleware implements HttpMiddleware {
    private final String path;

    private ReplacePathMiddleware(String path) {
        this.path = path;
    }

    /**
     * Compiles the configuration.
     *
     * @throws IllegalArgumentException when the path has an invalid percent-escape (Traefik would
     *     answer 500 to every request)
     */
    public static ReplacePathMiddleware of(Middleware.ReplacePath config) {
        if (!PathEncoding.hasValidEscapes(config.path())) {
            throw new IllegalArgumentException("replacePath: invalid percent-escape in path \"" + config.path() + "\"");
        }
        return new ReplacePathMiddleware(PathEncoding.sanitizeEncoded(config.path()));
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        HttpRequest request = context.request();
        RequestTarget.parse(request.uri()).ifPresent(target -> {
            request.headers().add(PathHeaders.X_REPLACED_PATH, target.rawPath());
            request.setUri(target.withPath(path));
        });
        return Optional.empty();
    }
}
