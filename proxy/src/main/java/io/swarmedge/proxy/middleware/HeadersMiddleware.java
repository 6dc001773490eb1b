package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;
import io.swarmedge.config.dynamic.Middleware;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Traefik's {@code headers} middleware, in Traefik's order: a CORS preflight is answered first;
 * then custom request headers are applied (an empty value removes the header, {@code Host} sets the
 * host) and the allowed hosts are checked. On the response, security headers are set, then custom
 * response headers (which may override or remove them), then the CORS headers.
 */
public final class HeadersMiddleware implements HttpMiddleware {
    /** One custom header change; an empty value removes. */
    private record Change(AsciiString name, String value) {
        void apply(HttpHeaders headers) {
            if (value.isEmpty()) {
                headers.remove(name);
            } else {
                headers.set(name, value);
            }
        }
    }

    private final List<Change> requestChanges;
    private final List<Change> responseChanges;
    private final Optional<SecurityHeaders> security;
    private final Optional<CorsPolicy> cors;

    private HeadersMiddleware(
            List<Change> requestChanges,
            List<Change> responseChanges,
            Optional<SecurityHeaders> security,
            Optional<CorsPolicy> cors) {
        this.requestChanges = requestChanges;
        this.responseChanges = responseChanges;
        this.security = security;
        this.cors = cors;
    }

    /**
     * Compiles the configuration.
     *
     * @throws IllegalArgumentException when nothing is configured (as Traefik), or naming the invalid
     *     header name, value or origin expression
     */
    public static HeadersMiddleware of(Middleware.Headers config) {
        boolean custom = !config.customRequestHeaders().isEmpty()
                || !config.customResponseHeaders().isEmpty();
        boolean secure = SecurityHeaders.isConfigured(config);
        boolean corsConfigured = CorsPolicy.isConfigured(config);
        if (!custom && !secure && !corsConfigured) {
            throw new IllegalArgumentException("headers: configuration not valid (no header option set)");
        }
        return new HeadersMiddleware(
                changes("customRequestHeaders", config.customRequestHeaders()),
                changes("customResponseHeaders", config.customResponseHeaders()),
                secure ? Optional.of(SecurityHeaders.of(config)) : Optional.empty(),
                corsConfigured ? Optional.of(CorsPolicy.of(config)) : Optional.empty());
    }

    private static List<Change> changes(String key, Map<String, String> headers) {
        List<Change> changes = new ArrayList<>();
        // sorted so that two spellings of one name apply in a stable order
        new TreeMap<>(headers)
                .forEach((name, value) ->
                        changes.add(new Change(HeaderText.name(key, name), HeaderText.value(key + "." + name, value))));
        return List.copyOf(changes);
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        HttpRequest request = context.request();
        if (cors.isPresent() && CorsPolicy.isPreflight(request)) {
            return Optional.of(cors.get().preflight(request));
        }
        for (Change change : requestChanges) {
            change.apply(request.headers());
        }
        if (security.isPresent()) {
            Optional<FullHttpResponse> refusal = security.get().checkHost(request);
            if (refusal.isPresent()) {
                // the refusal passes through this middleware's own response headers, as in Traefik
                // where the outer header handler wraps the secure one
                applyResponseChanges(context, refusal.get().headers());
                return refusal;
            }
        }
        return Optional.empty();
    }

    @Override
    public void onResponse(RequestContext context, HttpResponse response) {
        security.ifPresent(s -> s.onResponse(context, response.headers()));
        applyResponseChanges(context, response.headers());
    }

    private void applyResponseChanges(RequestContext context, HttpHeaders headers) {
        for (Change change : responseChanges) {
            change.apply(headers);
        }
        cors.ifPresent(c -> c.onResponse(context.request(), headers));
    }
}
