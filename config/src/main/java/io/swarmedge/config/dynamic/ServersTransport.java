package io.swarmedge.config.dynamic;

import java.time.Duration;
import java.util.List;

/**
 * How the proxy talks to servers (Traefik's {@code serversTransports}).
 *
 * @param serverName SNI to send to HTTPS servers ({@code ""} = the server's host)
 * @param insecureSkipVerify do not verify HTTPS servers' certificates
 * @param rootCAs PEM files of CAs trusted for HTTPS servers
 * @param maxIdleConnsPerHost idle connections kept per server (Traefik default 200)
 * @param dialTimeout connect timeout (default 30 s)
 * @param responseHeaderTimeout time to wait for a response's headers; zero = no limit
 * @param idleConnTimeout how long an idle pooled connection is kept (default 90 s)
 */
public record ServersTransport(
        String serverName,
        boolean insecureSkipVerify,
        List<String> rootCAs,
        int maxIdleConnsPerHost,
        Duration dialTimeout,
        Duration responseHeaderTimeout,
        Duration idleConnTimeout) {
    public static final ServersTransport DEFAULT = new ServersTransport(
            "", false, List.of(), 200, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90));

    public ServersTransport {
        rootCAs = List.copyOf(rootCAs);
    }
}
