package io.swarmedge.config.staticconfig;

import io.swarmedge.config.dynamic.RouterTls;
import java.time.Duration;
import java.util.List;

/**
 * An entrypoint: a listening address and its HTTP behaviour.
 *
 * @param name the entrypoint's name
 * @param host address to bind ({@code ""} = every address)
 * @param port TCP port
 * @param redirection {@code http.redirections.entryPoint}; {@link Redirection#NONE} when absent
 * @param middlewares {@code http.middlewares}: applied before every router's own
 * @param tls {@code http.tls}: default TLS for routers on this entrypoint ({@link RouterTls#NONE})
 * @param forwardedHeaders which clients may set X-Forwarded-* headers
 * @param timeouts {@code transport.respondingTimeouts}
 * @param lifeCycle {@code transport.lifeCycle}
 * @param limits request and connection limits
 */
public record EntryPoint(
        String name,
        String host,
        int port,
        Redirection redirection,
        List<String> middlewares,
        RouterTls tls,
        ForwardedHeaders forwardedHeaders,
        RespondingTimeouts timeouts,
        LifeCycle lifeCycle,
        Limits limits) {
    public EntryPoint {
        middlewares = List.copyOf(middlewares);
    }

    /**
     * {@code http.redirections.entryPoint}: every request is redirected to another entrypoint.
     *
     * @param to target entrypoint name (its port is used) or a port like {@code :443}
     * @param scheme target scheme (default https)
     * @param permanent 301/308 instead of 302/307 (default true)
     * @param priority priority of the generated catch-all router (default max int - 1)
     */
    public record Redirection(boolean enabled, String to, String scheme, boolean permanent, int priority) {
        public static final Redirection NONE = new Redirection(false, "", "https", true, Integer.MAX_VALUE - 1);
    }

    /**
     * {@code forwardedHeaders}: X-Forwarded-* and X-Real-Ip from clients are kept only from these.
     *
     * @param trustedIPs addresses or CIDR ranges
     * @param insecure trust every client
     */
    public record ForwardedHeaders(List<String> trustedIPs, boolean insecure) {
        public static final ForwardedHeaders NONE = new ForwardedHeaders(List.of(), false);

        public ForwardedHeaders {
            trustedIPs = List.copyOf(trustedIPs);
        }
    }

    /**
     * {@code transport.respondingTimeouts} (Traefik v3 defaults: read 60 s, write 0, idle 180 s).
     * Zero means no limit.
     */
    public record RespondingTimeouts(Duration readTimeout, Duration writeTimeout, Duration idleTimeout) {
        public static final RespondingTimeouts DEFAULT =
                new RespondingTimeouts(Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(180));
    }

    /**
     * {@code transport.lifeCycle} (also accepted at the top level as {@code lifeCycle.*}).
     *
     * @param requestAcceptGraceTimeout keep accepting requests this long after SIGTERM
     * @param graceTimeOut then let in-flight requests finish for this long (default 10 s)
     */
    public record LifeCycle(Duration requestAcceptGraceTimeout, Duration graceTimeOut) {
        public static final LifeCycle DEFAULT = new LifeCycle(Duration.ZERO, Duration.ofSeconds(10));
    }

    /**
     * Limits against abuse.
     *
     * @param maxHeaderBytes request line plus headers ({@code http.maxHeaderBytes}, default 1 MiB)
     * @param maxHeaderCount number of request headers (default 100)
     * @param maxConnections open client connections (0 = unlimited)
     * @param keepAliveMaxRequests requests per connection before it is closed (0 = unlimited)
     * @param keepAliveMaxTime connection lifetime before it is closed (0 = unlimited)
     */
    public record Limits(
            int maxHeaderBytes,
            int maxHeaderCount,
            int maxConnections,
            int keepAliveMaxRequests,
            Duration keepAliveMaxTime) {
        public static final Limits DEFAULT = new Limits(1 << 20, 100, 0, 0, Duration.ZERO);
    }
}
