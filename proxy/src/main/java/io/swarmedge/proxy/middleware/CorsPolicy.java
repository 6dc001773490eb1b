package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.rule.BudgetedText;
import io.swarmedge.config.rule.GoPattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CORS part of Traefik's {@code headers} middleware: preflights answered directly, and the
 * {@code Access-Control-*} headers of simple requests. Origins match the list exactly ({@code *}
 * allows every origin and answers {@code *}; the first matching entry wins, as in Traefik) or one of
 * the expressions (anywhere in the origin, Go's {@code MatchString}).
 */
final class CorsPolicy {
    private static final String ORIGIN = "Origin";

    private final Map<String, Integer> exactOrigins;
    private final int wildcardIndex;
    private final List<GoPattern> originRegexes;
    private final boolean allowCredentials;
    private final String allowHeaders;
    private final String allowMethods;
    private final String exposeHeaders;
    private final String maxAge;
    private final boolean addVary;

    private CorsPolicy(Middleware.Headers config, List<GoPattern> originRegexes) {
        Map<String, Integer> exact = new HashMap<>();
        int wildcard = -1;
        List<String> origins = config.accessControlAllowOriginList();
        for (int i = 0; i < origins.size(); i++) {
            if (origins.get(i).equals("*")) {
                if (wildcard < 0) {
                    wildcard = i;
                }
            } else {
                exact.putIfAbsent(origins.get(i), i);
            }
        }
        this.exactOrigins = Map.copyOf(exact);
        this.wildcardIndex = wildcard;
        this.originRegexes = List.copyOf(originRegexes);
        this.allowCredentials = config.accessControlAllowCredentials();
        this.allowHeaders = String.join(",", config.accessControlAllowHeaders());
        this.allowMethods = String.join(",", config.accessControlAllowMethods());
        this.exposeHeaders = String.join(",", config.accessControlExposeHeaders());
        this.maxAge = Long.toString(config.accessControlMaxAge());
        this.addVary = config.addVaryHeader();
    }

    /** Traefik's {@code HasCorsHeadersDefined}: any CORS option set. */
    static boolean isConfigured(Middleware.Headers c) {
        return c.accessControlAllowCredentials()
                || !c.accessControlAllowHeaders().isEmpty()
                || !c.accessControlAllowMethods().isEmpty()
                || !c.accessControlAllowOriginList().isEmpty()
                || !c.accessControlAllowOriginListRegex().isEmpty()
                || !c.accessControlExposeHeaders().isEmpty()
                || c.accessControlMaxAge() != 0
                || c.addVaryHeader();
    }

    /**
     * Compiles the CORS options.
     *
     * @throws IllegalArgumentException naming an invalid origin expression or header value
     */
    static CorsPolicy of(Middleware.Headers config) {
        List<GoPattern> regexes = new ArrayList<>();
        List<String> sources = config.accessControlAllowOriginListRegex();
        for (int i = 0; i < sources.size(); i++) {
            try {
                regexes.add(GoPattern.compile(sources.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "accessControlAllowOriginListRegex[" + i + "]: " + e.getMessage(), e);
            }
        }
        config.accessControlAllowOriginList().forEach(o -> HeaderText.value("accessControlAllowOriginList", o));
        HeaderText.value("accessControlAllowHeaders", String.join(",", config.accessControlAllowHeaders()));
        HeaderText.value("accessControlAllowMethods", String.join(",", config.accessControlAllowMethods()));
        HeaderText.value("accessControlExposeHeaders", String.join(",", config.accessControlExposeHeaders()));
        return new CorsPolicy(config, regexes);
    }

    /** An OPTIONS request with {@code Origin} and {@code Access-Control-Request-Method}. */
    static boolean isPreflight(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return HttpMethod.OPTIONS.equals(request.method())
                && !headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "")
                        .isEmpty()
                && !headers.get(ORIGIN, "").isEmpty();
    }

    /** The answer to a preflight: 200, no body, the configured {@code Access-Control-Allow-*}. */
    FullHttpResponse preflight(HttpRequest request) {
        FullHttpResponse response = DirectResponses.empty(request, HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        if (allowCredentials) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (!allowHeaders.isEmpty()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowHeaders);
        }
        if (!allowMethods.isEmpty()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, allowMethods);
        }
        allowedOrigin(request.headers().get(ORIGIN, ""))
                .ifPresent(o -> headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, o));
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge);
        return response;
    }

    /** Adds the CORS headers of a simple (non-preflight) request's response. */
    void onResponse(HttpRequest request, HttpHeaders response) {
        allowedOrigin(request.headers().get(ORIGIN, ""))
                .ifPresent(o -> response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, o));
        if (allowCredentials) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        if (!exposeHeaders.isEmpty()) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposeHeaders);
        }
        if (addVary) {
            String vary = response.get(HttpHeaderNames.VARY, "");
            if (!vary.equals("Origin")) {
                response.set(HttpHeaderNames.VARY, vary.isEmpty() ? "Origin" : vary + ",Origin");
            }
        }
    }

    /** The value of {@code Access-Control-Allow-Origin} for an origin, when it is allowed. */
    Optional<String> allowedOrigin(String origin) {
        Integer exact = exactOrigins.get(origin);
        if (exact != null && (wildcardIndex < 0 || exact < wildcardIndex)) {
            return Optional.of(origin);
        }
        if (wildcardIndex >= 0) {
            return Optional.of("*");
        }
        for (GoPattern regex : originRegexes) {
            try {
                if (regex.find(origin)) {
                    return Optional.of(origin);
                }
            } catch (BudgetedText.Exceeded e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
