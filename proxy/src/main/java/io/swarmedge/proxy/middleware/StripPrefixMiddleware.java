package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.Middleware;
import java.util.List;
import java.util.Optional;

/**
 * Traefik's {@code stripPrefix}: removes the first configured prefix the path starts with, adds
 * {@code X-Forwarded-Prefix}, keeps the query. Prefixes match the decoded path (as routing rules
 * do) and are cut from the encoded path at the same place, so escapes after the prefix ({@code
 * %2F}) reach the backend unchanged. A path stripped to nothing is sent as {@code /}: the request
 * line cannot carry an empty path, which also makes {@code forceSlash} (whose only effect in Traefik
 * is {@code /} instead of an empty path) a no-op.
 */
public final class StripPrefixMiddleware implements HttpMiddleware {
    private final List<String> prefixes;

    private StripPrefixMiddleware(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    /** Compiles the configuration. */
    public static StripPrefixMiddleware of(Middleware.StripPrefix config) {
        return new StripPrefixMiddleware(List.copyOf(config.prefixes()));
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        HttpRequest request = context.request();
        Optional<RequestTarget> parsed = RequestTarget.parse(request.uri());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        RequestTarget target = parsed.get();
        DecodedPath path = DecodedPath.of(target.rawPath());
        for (String prefix : prefixes) {
            if (path.decoded().startsWith(prefix)
                    && PathHeaders.stripPrefix(request, target, path, prefix.length(), prefix.trim())) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
