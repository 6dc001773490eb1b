package io.swarmedge.config.staticconfig;

import io.swarmedge.config.dynamic.RuleSyntax;
import java.time.Duration;
import java.util.Map;

/**
 * The proxy's start-up configuration (Traefik's "static configuration"), from flags, environment
 * and/or a YAML file. Immutable and already validated.
 *
 * @param entryPoints entrypoints by name
 * @param providers configuration providers
 * @param ping the {@code /ping} endpoint; {@link Ping#DISABLED} when off
 * @param metrics Prometheus metrics; {@link Metrics#DISABLED} when off
 * @param accessLog the access log; {@link AccessLog#DISABLED} when off
 * @param log application log settings
 * @param defaultRuleSyntax {@code core.defaultRuleSyntax} (Traefik v3 default: v3)
 * @param certificatesResolvers ACME resolvers by name
 * @param serversTransport the default servers transport ({@code serversTransport.*})
 */
public record StaticConfig(
        Map<String, EntryPoint> entryPoints,
        Providers providers,
        Ping ping,
        Metrics metrics,
        AccessLog accessLog,
        Log log,
        RuleSyntax defaultRuleSyntax,
        Map<String, AcmeResolver> certificatesResolvers,
        DefaultServersTransport serversTransport) {

    public StaticConfig {
        entryPoints = Map.copyOf(entryPoints);
        certificatesResolvers = Map.copyOf(certificatesResolvers);
    }

    /** Traefik's internal entrypoint name, used by ping and metrics unless told otherwise. */
    public static final String INTERNAL_ENTRYPOINT = "traefik";

    /**
     * Default servers transport from the static configuration.
     *
     * @param unavailableHold swarmedge's own {@code serversTransport.unavailableHold}: how long a request
     *     to a service that exists but has no usable server right now (a single task being moved) waits
     *     for one before the answer is 503; zero answers 503 at once, as Traefik does
     */
    public record DefaultServersTransport(
            boolean insecureSkipVerify,
            java.util.List<String> rootCAs,
            int maxIdleConnsPerHost,
            Duration dialTimeout,
            Duration responseHeaderTimeout,
            Duration idleConnTimeout,
            Duration unavailableHold) {
        public static final DefaultServersTransport DEFAULT = new DefaultServersTransport(
                false,
                java.util.List.of(),
                200,
                Duration.ofSeconds(30),
                Duration.ZERO,
                Duration.ofSeconds(90),
                Duration.ofSeconds(30));

        public DefaultServersTransport {
            rootCAs = java.util.List.copyOf(rootCAs);
        }
    }
}
