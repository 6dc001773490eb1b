package io.swarmedge.proxy.runtime;

import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.proxy.middleware.CompiledMiddlewares;
import io.swarmedge.proxy.middleware.HttpMiddleware;
import io.swarmedge.proxy.middleware.MiddlewareCompiler;
import java.util.Map;

/**
 * Builds the data-plane instance of one configured middleware. {@link Middleware.Chain} never reaches
 * a factory: the compiler flattens chains itself.
 */
@FunctionalInterface
public interface MiddlewareFactory {
    /**
     * @param name the qualified middleware name (for error messages)
     * @throws IllegalArgumentException when the configuration cannot be compiled (bad regex…)
     */
    HttpMiddleware create(String name, Middleware middleware);

    /** The data plane's middlewares ({@link MiddlewareCompiler}), one leaf at a time. */
    static MiddlewareFactory standard() {
        MiddlewareCompiler compiler = new MiddlewareCompiler();
        return (name, middleware) -> {
            CompiledMiddlewares compiled = compiler.compile(Map.of(name, middleware));
            return compiled.get(name)
                    .orElseThrow(() -> new IllegalArgumentException(
                            compiled.errors().isEmpty()
                                    ? "cannot be compiled"
                                    : compiled.errors().getFirst().message()));
        };
    }

    /** A factory for builds without middleware implementations: every middleware is an error. */
    MiddlewareFactory UNAVAILABLE = (name, middleware) -> {
        throw new IllegalArgumentException(
                "middleware type " + middleware.getClass().getSimpleName() + " is not available in this build");
    };
}
