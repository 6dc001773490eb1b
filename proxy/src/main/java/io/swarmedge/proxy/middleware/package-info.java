/**
 * Traefik's HTTP middlewares, compiled once per configuration and run per request on event loops.
 *
 * <p>How the data plane uses them: {@link io.swarmedge.proxy.middleware.MiddlewareCompiler#compile}
 * turns {@code http.middlewares} into {@link io.swarmedge.proxy.middleware.CompiledMiddlewares}
 * (log its {@code errors()}); for each router, {@link
 * io.swarmedge.proxy.middleware.CompiledMiddlewares#chain(java.util.List, String)} gives one {@link
 * io.swarmedge.proxy.middleware.ChainMiddleware} (an {@link
 * io.swarmedge.proxy.middleware.UnresolvedMiddlewareException} means the router is left out). Per
 * request: {@code onRequest} before forwarding; a returned response is sent as is (it already went
 * through the earlier middlewares' {@code onResponse}); otherwise forward the (possibly rewritten)
 * request head and call {@code onResponse} on the response head before sending it.
 *
 * <p>Path rewrites work on the encoded path of {@code request.uri()} and leave an origin-form URI;
 * they run after routing, so rules see the client's path, as in Traefik. The entrypoint should set
 * {@code X-Forwarded-*} (and drop untrusted ones) before middlewares run, as Traefik does:
 * {@code redirectScheme} reads {@code X-Forwarded-Proto}, and custom request headers can then
 * override or remove them.
 */
package io.swarmedge.proxy.middleware;
