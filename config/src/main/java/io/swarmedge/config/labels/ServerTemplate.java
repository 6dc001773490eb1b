package io.swarmedge.config.labels;

/**
 * How to reach a service's tasks, from {@code loadbalancer.server.*} labels: the Swarm provider
 * turns it into one server per running task ({@code scheme://taskIp:port}).
 *
 * @param port container port; 0 when no {@code server.port} label was given (Swarm cannot detect
 *     it, so the provider reports the service)
 * @param scheme {@code http} (default), {@code https} or {@code h2c}
 * @param weight weight of each task's server (default 1)
 */
public record ServerTemplate(int port, String scheme, int weight) {
    /** No server labels: port unknown, http, weight 1. */
    public static final ServerTemplate DEFAULT = new ServerTemplate(0, "http", 1);
}
