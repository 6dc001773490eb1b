package io.swarmedge.config.staticconfig;

import io.swarmedge.config.rule.IpRange;

/**
 * An entrypoint address: {@code :80}, {@code 0.0.0.0:80}, {@code [::]:443}, {@code
 * localhost:8080}, optionally with {@code /tcp} (UDP entrypoints are not supported).
 *
 * @param host the address to bind, {@code ""} for every address (IPv6 without brackets)
 * @param port the TCP port
 */
public record ListenAddress(String host, int port) {

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    public static ListenAddress parse(String text) {
        String s = text.trim();
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            String protocol = s.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            if (protocol.equals("udp")) {
                throw new IllegalArgumentException("UDP entrypoints are not supported");
            }
            if (!protocol.equals("tcp")) {
                throw new IllegalArgumentException("unknown protocol \"" + s.substring(slash + 1) + "\" (only tcp)");
            }
            s = s.substring(0, slash);
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("missing port (expected [host]:port, e.g. :80)");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":") || IpRange.parse(host).isEmpty()) {
                throw new IllegalArgumentException("invalid IPv6 address \"" + host + "\"");
            }
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 addresses need brackets, e.g. [::]:443");
        } else if (!host.isEmpty()
                && IpRange.parse(host).isEmpty()
                && !host.matches(
                        "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("invalid host \"" + host + "\"");
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid port \"" + port + "\"");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " out of range 1-65535");
        }
        return new ListenAddress(host, p);
    }
}
