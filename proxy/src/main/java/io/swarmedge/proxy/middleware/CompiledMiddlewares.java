package io.swarmedge.proxy.middleware;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The middlewares of one configuration, compiled: by qualified name, with the errors of those that
 * failed. Immutable; shared by every request of a runtime.
 */
public final class CompiledMiddlewares {
    private final Map<String, HttpMiddleware> middlewares;
    private final Map<String, List<HttpMiddleware>> flattened;
    private final Map<String, String> failures;
    private final List<MiddlewareError> errors;

    CompiledMiddlewares(
            Map<String, HttpMiddleware> middlewares,
            Map<String, List<HttpMiddleware>> flattened,
            Map<String, String> failures,
            List<MiddlewareError> errors) {
        this.middlewares = Map.copyOf(middlewares);
        this.flattened = Map.copyOf(flattened);
        this.failures = Map.copyOf(failures);
        this.errors = List.copyOf(errors);
    }

    /** Compiled middlewares by qualified name (a chain maps to a {@link ChainMiddleware}). */
    public Map<String, HttpMiddleware> middlewares() {
        return middlewares;
    }

    /** The middlewares that failed, sorted by name. */
    public List<MiddlewareError> errors() {
        return errors;
    }

    /** One compiled middleware. */
    public Optional<HttpMiddleware> get(String qualifiedName) {
        return Optional.ofNullable(middlewares.get(qualifiedName));
    }

    /**
     * The leaf middlewares a router runs, in order, chains expanded.
     *
     * @param names the router's middleware names, qualified or not
     * @param provider the router's provider ({@code file}, {@code swarm}), qualifying names without
     *     {@code @}
     * @throws UnresolvedMiddlewareException when a name is undefined or failed to compile
     */
    public List<HttpMiddleware> resolve(List<String> names, String provider) {
        List<HttpMiddleware> result = new ArrayList<>();
        for (String name : names) {
            String qualified = qualify(name, provider);
            List<HttpMiddleware> leaves = flattened.get(qualified);
            if (leaves == null) {
                String failure = failures.get(qualified);
                throw new UnresolvedMiddlewareException(
                        qualified, failure == null ? "is not defined" : "is invalid: " + failure);
            }
            result.addAll(leaves);
        }
        return List.copyOf(result);
    }

    /**
     * {@link #resolve(List, String)} for names that are all qualified.
     *
     * @throws UnresolvedMiddlewareException when a name is undefined or failed to compile
     */
    public List<HttpMiddleware> resolve(List<String> names) {
        return resolve(names, "");
    }

    /**
     * A router's middlewares as one {@link ChainMiddleware}: run {@code onRequest} before
     * forwarding (an answer comes back already through the earlier middlewares' {@code
     * onResponse}) and {@code onResponse} on the forwarded response.
     *
     * @throws UnresolvedMiddlewareException when a name is undefined or failed to compile
     */
    public ChainMiddleware chain(List<String> names, String provider) {
        return new ChainMiddleware(resolve(names, provider));
    }

    /** {@code name@provider}; a name with {@code @} is already qualified. */
    static String qualify(String name, String provider) {
        return name.contains("@") || provider.isEmpty() ? name : name + "@" + provider;
    }

    /** The provider of a qualified name, or "" when it has none. */
    static String provider(String qualifiedName) {
        int at = qualifiedName.lastIndexOf('@');
        return at < 0 ? "" : qualifiedName.substring(at + 1);
    }
}
