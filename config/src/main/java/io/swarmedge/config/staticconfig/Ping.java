package io.swarmedge.config.staticconfig;

/**
 * The {@code /ping} health endpoint.
 *
 * @param entryPoint where it is served (default {@code traefik}, port 8080)
 * @param terminatingStatusCode status answered while shutting down (Traefik default 503)
 */
public record Ping(boolean enabled, String entryPoint, int terminatingStatusCode) {
    public static final Ping DISABLED = new Ping(false, StaticConfig.INTERNAL_ENTRYPOINT, 503);
}
