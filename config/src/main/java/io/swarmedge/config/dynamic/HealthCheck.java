package io.swarmedge.config.dynamic;

import java.time.Duration;
import java.util.Map;

/**
 * Active health check of a load balancer's servers (Traefik's {@code healthCheck}).
 *
 * @param enabled false for {@link #NONE}
 * @param scheme replaces the server URL's scheme when not empty
 * @param path request path, e.g. {@code /health}
 * @param method HTTP method (default GET)
 * @param status expected status; 0 means any 2xx or 3xx
 * @param port replaces the server's port when not 0
 * @param hostname Host header when not empty
 * @param interval time between checks of a healthy server (Traefik default 30 s)
 * @param unhealthyInterval time between checks of an unhealthy server (default: interval)
 * @param timeout time a check may take (default 5 s)
 * @param headers extra request headers
 * @param followRedirects follow redirects (default true)
 */
public record HealthCheck(
        boolean enabled,
        String scheme,
        String path,
        String method,
        int status,
        int port,
        String hostname,
        Duration interval,
        Duration unhealthyInterval,
        Duration timeout,
        Map<String, String> headers,
        boolean followRedirects) {
    public static final HealthCheck NONE = new HealthCheck(
            false,
            "",
            "",
            "GET",
            0,
            0,
            "",
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Map.of(),
            true);

    public HealthCheck {
        headers = Map.copyOf(headers);
    }
}
