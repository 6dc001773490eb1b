package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.rule.BudgetedText;
import io.swarmedge.config.rule.GoPattern;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code replacePathRegex}: when the expression matches the encoded path, every match is
 * replaced (Go replacement syntax), the previous path goes to {@code X-Replaced-Path}, and the query
 * is kept. An empty replacement disables the middleware, as in Traefik.
 */
public final class ReplacePathRegexMiddleware implements HttpMiddleware {
    private static final Logger LOG = LoggerFactory.getLogger(ReplacePathRegexMiddleware.class);

    private final String name;
    private final GoPattern regexp;
    private final GoTemplate replacement;
    private final boolean enabled;

    private ReplacePathRegexMiddleware(String name, GoPattern regexp, GoTemplate replacement, boolean enabled) {
        this.name = name;
        this.regexp = regexp;
        this.replacement = replacement;
        this.enabled = enabled;
    }

    /**
     * Compiles the configuration.
     *
     * @param name the middleware's qualified name, for logs
     * @throws IllegalArgumentException when the expression is invalid
     */
    public static ReplacePathRegexMiddleware of(String name, Middleware.ReplacePathRegex config) {
        GoPattern regexp = GoPattern.compile(config.regex().trim());
        String replacement = config.replacement().trim();
        return new ReplacePathRegexMiddleware(
                name, regexp, GoTemplate.parse(replacement, regexp), !replacement.isEmpty());
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        if (!enabled) {
            return Optional.empty();
        }
        HttpRequest request = context.request();
        Optional<RequestTarget> parsed = RequestTarget.parse(request.uri());
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        RequestTarget target = parsed.get();
        String current = target.rawPath();
        String replaced;
        try {
            if (!regexp.find(current)) {
                return Optional.empty();
            }
            replaced = regexp.replaceAll(current, replacement::expand);
        } catch (BudgetedText.Exceeded e) {
            LOG.warn("event=regex_budget_exceeded middleware={} path_length={}", name, current.length());
            return Optional.empty();
        }
        if (!PathEncoding.hasValidEscapes(replaced)) {
            // Go cannot unescape the new path: Traefik answers 500
            return Optional.of(
                    DirectResponses.error(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"));
        }
        request.headers().add(PathHeaders.X_REPLACED_PATH, current);
        request.setUri(target.withPath(PathEncoding.sanitizeEncoded(replaced)));
        return Optional.empty();
    }
}
