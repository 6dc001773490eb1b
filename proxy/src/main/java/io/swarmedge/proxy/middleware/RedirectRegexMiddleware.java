package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.rule.BudgetedText;
import io.swarmedge.config.rule.GoPattern;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code redirectRegex}: matches the request URL {@code scheme://host[:port]/path?query}
 * (host and port as in the Host header) against a Go expression and redirects to the replacement
 * when it changes the URL. The replacement uses Go's {@code $1}/{@code ${name}} syntax.
 */
public final class RedirectRegexMiddleware implements HttpMiddleware {
    private static final Logger LOG = LoggerFactory.getLogger(RedirectRegexMiddleware.class);

    private final String name;
    private final GoPattern regexp;
    private final GoTemplate replacement;
    private final boolean permanent;

    private RedirectRegexMiddleware(String name, GoPattern regexp, GoTemplate replacement, boolean permanent) {
        this.name = name;
        this.regexp = regexp;
        this.replacement = replacement;
        this.permanent = permanent;
    }

    /**
     * Compiles the configuration.
     *
     * @param name the middleware's qualified name, for logs
     * @throws IllegalArgumentException when the expression is invalid
     */
    public static RedirectRegexMiddleware of(String name, Middleware.RedirectRegex config) {
        GoPattern regexp = GoPattern.compile(config.regex());
        return new RedirectRegexMiddleware(
                name, regexp, GoTemplate.parse(config.replacement(), regexp), config.permanent());
    }

    @Override
    public Optional<FullHttpResponse> onRequest(RequestContext context) {
        HttpRequest request = context.request();
        String oldUrl = requestUrl(context);
        String newUrl;
        try {
            if (!regexp.find(oldUrl)) {
                return Optional.empty();
            }
            newUrl = regexp.replaceAll(oldUrl, replacement::expand);
        } catch (BudgetedText.Exceeded e) {
            LOG.warn("event=regex_budget_exceeded middleware={} url_length={}", name, oldUrl.length());
            return Optional.empty();
        }
        if (newUrl.equals(oldUrl)) {
            return Optional.empty();
        }
        if (!DirectResponses.isHeaderSafe(newUrl)) {
            return Optional.of(
                    DirectResponses.error(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"));
        }
        return Optional.of(DirectResponses.redirect(request, permanent, newUrl));
    }

    /** The URL as Traefik's redirectRegex sees it: Host header verbatim, absolute-form URIs win. */
    static String requestUrl(RequestContext context) {
        HttpRequest request = context.request();
        String uri = request.uri();
        String scheme = "http";
        String host = request.headers().get(HttpHeaderNames.HOST, "");
        int schemeLength = RequestTarget.schemeLength(uri);
        if (schemeLength > 0) {
            scheme = uri.substring(0, schemeLength - 3);
            int authorityEnd = schemeLength;
            while (authorityEnd < uri.length() && uri.charAt(authorityEnd) != '/' && uri.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            if (authorityEnd > schemeLength) {
                host = uri.substring(schemeLength, authorityEnd);
            }
            uri = uri.substring(authorityEnd);
        }
        if (context.tls()) {
            scheme = "https";
        }
        return scheme + "://" + host + uri;
    }
}
