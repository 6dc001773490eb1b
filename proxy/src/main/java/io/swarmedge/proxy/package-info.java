/**
 * The data plane. Reading order follows a request:
 *
 * <ul>
 *   <li>{@link io.swarmedge.proxy.ProxyServer}: wiring, {@code apply} (compile → swap → retire) and
 *       graceful {@code shutdown};
 *   <li>{@code runtime}: {@link io.swarmedge.proxy.runtime.RuntimeCompiler} turns the static and merged
 *       dynamic configuration into an immutable {@link io.swarmedge.proxy.runtime.Runtime};
 *   <li>{@code entrypoint}: Netty servers; {@code ClientConnection} (one per client connection) and
 *       {@code Exchange} (one per request: routing, middlewares, attempts, streaming both ways,
 *       WebSocket tunnels), {@code ProxyHeaders} (hop-by-hop, X-Forwarded-*), {@code
 *       ConnectionDeadlines} (read/idle timeouts);
 *   <li>{@code routing}: host-indexed {@link io.swarmedge.proxy.routing.RoutingTable} of compiled rules;
 *   <li>{@code balancer}: weighted round robin / p2c, sticky cookies, active health checks;
 *   <li>{@code upstream}: servers shared across reloads, per-event-loop keep-alive pools, passive
 *       ejection;
 *   <li>{@code observability}: Traefik-named Prometheus metrics and the access log;
 *   <li>{@code middleware}: the middleware contract and implementations.
 * </ul>
 *
 * <p>Threads: everything of a request runs on its client connection's event loop (upstream
 * connections are opened on the same loop); compile, health-check scheduling and the access-log
 * writer are the only other actors.
 */
package io.swarmedge.proxy;
