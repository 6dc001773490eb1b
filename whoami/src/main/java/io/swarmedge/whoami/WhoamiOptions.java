package io.swarmedge.whoami;

import java.util.Objects;

/**
 * How a {@link WhoamiServer} listens and introduces itself.
 *
 * @param bindAddress address to listen on; empty means every interface
 * @param port TCP port; 0 picks a free one (read it back with {@link WhoamiServer#port()})
 * @param name the name reported in the {@code Hostname:} line; empty means the host name
 * @param healthStatus the status {@code GET /health} answers with until changed at runtime
 * @param ioThreads event-loop threads; 0 means one per available processor
 */
public record WhoamiOptions(String bindAddress, int port, String name, int healthStatus, int ioThreads) {

    public WhoamiOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(name, "name");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, got " + port);
        }
        HealthStatus.check(healthStatus);
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be >= 0, got " + ioThreads);
        }
    }

    /** A server on 127.0.0.1, on a free port, with one event-loop thread: what in-process tests want. */
    public static WhoamiOptions loopback() {
        return new WhoamiOptions("127.0.0.1", 0, "", 200, 1);
    }

    /** A server on every interface on {@code port}, one event-loop thread per processor. */
    public static WhoamiOptions onPort(int port) {
        return new WhoamiOptions("", port, "", 200, 0);
    }

    public WhoamiOptions withBindAddress(String bindAddress) {
        return new WhoamiOptions(bindAddress, port, name, healthStatus, ioThreads);
    }

    public WhoamiOptions withPort(int port) {
        return new WhoamiOptions(bindAddress, port, name, healthStatus, ioThreads);
    }

    public WhoamiOptions withName(String name) {
        return new WhoamiOptions(bindAddress, port, name, healthStatus, ioThreads);
    }

    public WhoamiOptions withHealthStatus(int healthStatus) {
        return new WhoamiOptions(bindAddress, port, name, healthStatus, ioThreads);
    }

    public WhoamiOptions withIoThreads(int ioThreads) {
        return new WhoamiOptions(bindAddress, port, name, healthStatus, ioThreads);
    }
}
