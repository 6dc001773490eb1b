package io.swarmedge.socketproxy;

import java.net.InetSocketAddress;

/**
 * Where the proxy listens, written {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (every address: IPv6 and
 * IPv4 when the host allows it, IPv4 only with {@code ipv4Only}, as Tecnativa's {@code DISABLE_IPV6}).
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port out of range: " + port);
        }
    }

    /** Parses {@code HOST:PORT}; names the input in the error. */
    public static ListenAddress parse(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("listen address \"" + text + "\": expected HOST:PORT or :PORT");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("listen address \"" + text + "\": write IPv6 hosts as [ADDR]:PORT");
        }
        try {
            return new ListenAddress(host, Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address \"" + text + "\": port is not a number");
        }
    }

    /** Whether this means every local address. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("*");
    }

    /** The socket address to bind. */
    public InetSocketAddress socketAddress(boolean ipv4Only) {
        if (host.isEmpty() || host.equals("*")) {
            return new InetSocketAddress(ipv4Only ? "0.0.0.0" : "::", port);
        }
        return new InetSocketAddress(host, port);
    }

    /** An address a local client (the health check) can connect to. */
    public InetSocketAddress loopback() {
        if (host.isEmpty() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
            return new InetSocketAddress("127.0.0.1", port);
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
