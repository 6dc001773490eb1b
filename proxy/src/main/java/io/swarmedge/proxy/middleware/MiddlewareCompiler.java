package io.swarmedge.proxy.middleware;

import io.swarmedge.config.dynamic.Middleware;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * Compiles the {@code http.middlewares} of a configuration once per reload: every expression is
 * compiled and every header value computed here, never per request. Chains are flattened into the
 * leaf middlewares they run; loops and references to undefined or invalid middlewares are reported.
 * A middleware that fails is reported by name and left out; the others are unaffected.
 *
 * <p>Names are qualified ({@code hsts@file}); a chain member without {@code @provider} belongs to
 * the chain's provider, as in Traefik.
 */
public final class MiddlewareCompiler {
    /** Flattened chains longer than this are refused (a DAG of chains can grow exponentially). */
    public static final int MAX_CHAIN_LENGTH = 256;

    /** Creates a compiler; it holds no state between compilations. */
    public MiddlewareCompiler() {}

    /** Compiles every middleware of a configuration. */
    public CompiledMiddlewares compile(Map<String, Middleware> configs) {
        return new Run(configs).compile();
    }

    /** One compilation, with its memo of chain results. */
    private static final class Run {
        private final Map<String, Middleware> configs;
        private final Map<String, HttpMiddleware> compiled = new HashMap<>();
        private final Map<String, List<HttpMiddleware>> flattened = new HashMap<>();
        private final Map<String, String> failures = new TreeMap<>();

        Run(Map<String, Middleware> configs) {
            this.configs = configs;
        }

        CompiledMiddlewares compile() {
            configs.forEach((name, config) -> {
                if (!(config instanceof Middleware.Chain)) {
                    try {
                        HttpMiddleware middleware = leaf(name, config);
                        compiled.put(name, middleware);
                        flattened.put(name, List.of(middleware));
                    } catch (IllegalArgumentException e) {
                        failures.put(name, e.getMessage());
                    }
                }
            });
            configs.forEach((name, config) -> {
                if (config instanceof Middleware.Chain) {
                    flatten(name, new LinkedHashSet<>());
                }
            });
            List<MiddlewareError> errors = new ArrayList<>();
            failures.forEach((name, message) -> errors.add(new MiddlewareError(name, message)));
            return new CompiledMiddlewares(compiled, flattened, failures, errors);
        }

        private static HttpMiddleware leaf(String name, Middleware config) {
            return switch (config) {
                case Middleware.AddPrefix c -> AddPrefixMiddleware.of(c);
                case Middleware.StripPrefix c -> StripPrefixMiddleware.of(c);
                case Middleware.StripPrefixRegex c -> StripPrefixRegexMiddleware.of(name, c);
                case Middleware.ReplacePath c -> ReplacePathMiddleware.of(c);
                case Middleware.ReplacePathRegex c -> ReplacePathRegexMiddleware.of(name, c);
                case Middleware.RedirectScheme c -> RedirectSchemeMiddleware.of(c);
                case Middleware.RedirectRegex c -> RedirectRegexMiddleware.of(name, c);
                case Middleware.Headers c -> HeadersMiddleware.of(c);
                case Middleware.Chain c ->
                    throw new IllegalStateException("chains are flattened, not compiled: " + name);
            };
        }

        /** Flattens a chain; false (and a failure recorded) when it cannot be. */
        private boolean flatten(String name, SequencedSet<String> path) {
            if (flattened.containsKey(name)) {
                return true;
            }
            if (failures.containsKey(name)) {
                return false;
            }
            Middleware.Chain chain = (Middleware.Chain) configs.get(name);
            path.add(name);
            List<HttpMiddleware> leaves = new ArrayList<>();
            for (String member : chain.middlewares()) {
                String qualified = CompiledMiddlewares.qualify(member, CompiledMiddlewares.provider(name));
                if (path.contains(qualified)) {
                    List<String> loop = new ArrayList<>(path);
                    loop = loop.subList(loop.indexOf(qualified), loop.size());
                    failures.put(name, "chain loop: " + String.join(" -> ", loop) + " -> " + qualified);
                    path.remove(name);
                    return false;
                }
                Middleware config = configs.get(qualified);
                if (config == null) {
                    failures.put(name, "chain member \"" + qualified + "\" is not defined");
                    path.remove(name);
                    return false;
                }
                boolean ok = config instanceof Middleware.Chain
                        ? flatten(qualified, path)
                        : flattened.containsKey(qualified);
                if (!ok) {
                    failures.put(
                            name,
                            "chain member \"" + qualified + "\" is invalid: " + failures.getOrDefault(qualified, "?"));
                    path.remove(name);
                    return false;
                }
                leaves.addAll(flattened.get(qualified));
                if (leaves.size() > MAX_CHAIN_LENGTH) {
                    failures.put(name, "chain expands to more than " + MAX_CHAIN_LENGTH + " middlewares");
                    path.remove(name);
                    return false;
                }
            }
            path.remove(name);
            List<HttpMiddleware> result = List.copyOf(leaves);
            flattened.put(name, result);
            compiled.put(name, new ChainMiddleware(result));
            return true;
        }
    }
}
