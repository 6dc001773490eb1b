package io.swarmedge.config.dynamic;

import java.time.Duration;
import java.util.List;

/**
 * Traefik's {@code loadBalancer} service: a set of servers with a balancing strategy, health checks
 * and optional sticky sessions.
 *
 * @param servers the backends
 * @param strategy how a server is picked
 * @param passHostHeader forward the client's Host header (Traefik default true)
 * @param healthCheck active health check; {@link HealthCheck#NONE} when not configured
 * @param sticky sticky sessions by cookie; {@link StickyCookie#NONE} when not configured
 * @param flushInterval {@code responseForwarding.flushInterval} (Traefik default 100 ms)
 * @param serversTransport name of a servers transport ({@code ""} = default)
 */
public record LoadBalancerService(
        List<Server> servers,
        Strategy strategy,
        boolean passHostHeader,
        HealthCheck healthCheck,
        StickyCookie sticky,
        Duration flushInterval,
        String serversTransport)
        implements Service {
    public LoadBalancerService {
        servers = List.copyOf(servers);
    }

    /** Balancing strategies. */
    public enum Strategy {
        /** Smooth weighted round robin (Traefik's {@code wrr}, the default). */
        WRR,
        /** Power of two random choices, picking the server with fewer requests in flight. */
        P2C
    }
}
