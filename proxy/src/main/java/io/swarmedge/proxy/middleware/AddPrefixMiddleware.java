package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.Middleware;
import java.util.Optional;

/**
 * Traefik's {@code addPrefix}: prepends a prefix to the path (the query is kept). The prefix is a
 * decoded path; characters that need it are percent-encoded once, at compile time.
 */
public final class AddPrefixMiddleware implements HttpMiddleware {
    private final String encodedPrefix;

    private AddPrefixMiddleware(String encodedPrefix) {
        this.encodedPrefix = encodedPrefix;
    }

    /**
     * Compiles the configuration.
     *
     * @throws IllegalArgumentException when the prefix is empty (as Traefik)
     */
    public static AddPrefixMiddleware of(Middleware.AddPrefix config) {
        if (config.prefix().isEmpty()) {
            throw new IllegalArgumentException("addPrefix: prefix cannot be empty");
        }
        return new AddPrefixMiddleware(PathEncoding.encode(config.prefix()));
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        HttpRequest request = context.request();
        RequestTarget.parse(request.uri())
                .ifPresent(target -> request.setUri(
                        target.withPath(PathHeaders.ensureLeadingSlash(encodedPrefix + target.rawPath()))));
        return Optional.empty();
    }
}
