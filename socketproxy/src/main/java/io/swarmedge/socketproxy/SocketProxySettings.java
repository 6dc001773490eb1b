package io.swarmedge.socketproxy;

import io.swarmedge.socketproxy.policy.Policy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the socket proxy needs to run.
 *
 * @param listen where clients connect
 * @param ipv4Only bind only IPv4 when listening on every address (Tecnativa's {@code DISABLE_IPV6})
 * @param socket the Docker daemon's unix socket
 * @param policy what is allowed
 * @param idleTimeout how long a client connection may sit between requests (never applies to a response in flight)
 * @param connectTimeout how long to wait for the daemon's socket to accept
 * @param shutdownGrace how long requests in flight may take to finish when the proxy stops
 * @param maxConnections client connections beyond this are closed at once (Tecnativa's HAProxy allows 3000)
 */
public record SocketProxySettings(
        ListenAddress listen,
        boolean ipv4Only,
        Path socket,
        Policy policy,
        Duration idleTimeout,
        Duration connectTimeout,
        Duration shutdownGrace,
        int maxConnections) {
    /** The request head limit: Docker's filters travel in the query string, so allow a generous head. */
    public static final int MAX_HEAD_BYTES = 64 * 1024;

    public static final int MAX_HEADERS = 100;

    public static final int DEFAULT_MAX_CONNECTIONS = 3000;

    /** Settings with the default timeouts. */
    public static SocketProxySettings of(ListenAddress listen, boolean ipv4Only, Path socket, Policy policy) {
        return new SocketProxySettings(
                listen,
                ipv4Only,
                socket,
                policy,
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                DEFAULT_MAX_CONNECTIONS);
    }
}
