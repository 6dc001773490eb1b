/**
 * A tiny HTTP test backend in the spirit of traefik/whoami: it tells who answered and what request it saw,
 * and offers health, sized-body, slow, echo and WebSocket endpoints for testing proxies. Start one in-process
 * with {@link io.swarmedge.whoami.WhoamiServer#start(WhoamiOptions)}.
 */
package io.swarmedge.whoami;
