package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.rule.BudgetedText;
import io.swarmedge.config.rule.GoPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik's {@code stripPrefixRegex}: the first expression whose leftmost match starts the decoded
 * path gives the prefix to strip; it is cut from the encoded path at the same place and sent in
 * {@code X-Forwarded-Prefix}.
 */
public final class StripPrefixRegexMiddleware implements HttpMiddleware {
    private static final Logger LOG = LoggerFactory.getLogger(StripPrefixRegexMiddleware.class);

    private final String name;
    private final List<GoPattern> expressions;

    private StripPrefixRegexMiddleware(String name, List<GoPattern> expressions) {
        this.name = name;
        this.expressions = expressions;
    }

    /**
     * Compiles the configuration.
     *
     * @param name the middleware's qualified name, for logs
     * @throws IllegalArgumentException naming the invalid expression
     */
    public static StripPrefixRegexMiddleware of(String name, Middleware.StripPrefixRegex config) {
        List<GoPattern> expressions = new ArrayList<>();
        for (int i = 0; i < config.regex().size(); i++) {
            try {
                expressions.add(GoPattern.compile(config.regex().get(i).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("regex[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new StripPrefixRegexMiddleware(name, List.copyOf(expressions));
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
        for (GoPattern expression : expressions) {
            int end;
            try {
                end = expression.prefixMatchEnd(path.decoded());
            } catch (BudgetedText.Exceeded e) {
                LOG.warn(
                        "event=regex_budget_exceeded middleware={} path_length={}",
                        name,
                        path.decoded().length());
                continue;
            }
            if (end >= 0
                    && PathHeaders.stripPrefix(
                            request, target, path, end, path.decoded().substring(0, end))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
