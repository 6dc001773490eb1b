package io.swarmedge.proxy.balancer;

import io.swarmedge.proxy.upstream.Upstream;

/**
 * One server of a load balancer as a runtime uses it.
 *
 * @param upstream the shared upstream (pool, ejection state)
 * @param weight relative weight (≥ 1)
 * @param pathPrefix the server URL's path when {@code preservePath} is set, else {@code ""}
 * @param stickyValue the cookie value naming this server for sticky sessions
 * @param health active health state ({@link ServerHealth#ALWAYS_UP} without checks)
 * @param url the server URL as text (labels, access log)
 */
public record Endpoint(
        Upstream upstream, int weight, String pathPrefix, String stickyValue, ServerHealth health, String url) {

    /** Up by active checks and not passively ejected. */
    boolean usable() {
        return health.up() && !upstream.ejected();
    }
}
