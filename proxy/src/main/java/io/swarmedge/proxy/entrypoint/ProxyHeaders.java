package io.swarmedge.proxy.entrypoint;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Header rewriting of a reverse proxy, as Go's {@code httputil.ReverseProxy} and Traefik do it:
 * hop-by-hop headers (and those {@code Connection} names) never cross the proxy, and the {@code
 * X-Forwarded-*} / {@code X-Real-Ip} headers describe the client, keeping upstream values only from
 * trusted peers.
 */
public final class ProxyHeaders {
    public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    public static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
    public static final AsciiString X_FORWARDED_SERVER = AsciiString.cached("X-Forwarded-Server");
    public static final AsciiString X_REAL_IP = AsciiString.cached("X-Real-Ip");
    /** {@code Host} as Go writes it (header names keep the case they are set with). */
    public static final AsciiString HOST = AsciiString.cached("Host");

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    /** Headers an untrusted client may not set (Traefik's list). */
    private static final List<AsciiString> FORWARDED = List.of(
            X_FORWARDED_FOR,
            X_FORWARDED_PROTO,
            X_FORWARDED_HOST,
            X_FORWARDED_PORT,
            X_FORWARDED_SERVER,
            X_REAL_IP,
            AsciiString.cached("x-forwarded-uri"),
            AsciiString.cached("x-forwarded-method"),
            AsciiString.cached("x-forwarded-prefix"),
            AsciiString.cached("x-forwarded-tls-client-cert"),
            AsciiString.cached("x-forwarded-tls-client-cert-info"));

    private static final List<AsciiString> HOP_BY_HOP = List.of(
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE,
            PROXY_CONNECTION,
            HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.UPGRADE);

    private ProxyHeaders() {}

    /**
     * Removes hop-by-hop headers. With {@code upgrade} (a protocol switch being tunnelled), {@code
     * Connection: Upgrade} and {@code Upgrade} are put back as they must reach the other side.
     */
    public static void removeHopByHop(HttpHeaders headers, boolean upgrade) {
        String upgradeValue = upgrade ? headers.get(HttpHeaderNames.UPGRADE) : null;
        String connection = headers.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                int start = 0;
                while (start <= value.length()) {
                    int comma = value.indexOf(',', start);
                    int end = comma < 0 ? value.length() : comma;
                    String token = value.substring(start, end).trim();
                    if (!token.isEmpty()) {
                        headers.remove(token);
                    }
                    if (comma < 0) {
                        break;
                    }
                    start = comma + 1;
                }
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
        if (upgradeValue != null) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, upgradeValue);
        }
    }

    /**
     * Sets the forwarded headers of a request.
     *
     * @param clientIp the TCP peer's address
     * @param trusted whether the peer's own forwarded headers are kept
     * @param proto {@code http}, {@code https}, {@code ws} or {@code wss}
     * @param host the Host header the client sent (may be null)
     * @param serverName this proxy's host name
     */
    public static void setForwarded(
            HttpHeaders headers, String clientIp, boolean trusted, String proto, String host, String serverName) {
        if (!trusted) {
            for (AsciiString name : FORWARDED) {
                headers.remove(name);
            }
            headers.set(X_FORWARDED_FOR, clientIp);
        } else {
            List<String> prior = headers.getAll(X_FORWARDED_FOR);
            if (prior.isEmpty()) {
                headers.set(X_FORWARDED_FOR, clientIp);
            } else {
                headers.set(X_FORWARDED_FOR, String.join(", ", prior) + ", " + clientIp);
            }
        }
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, proto);
        }
        if (!headers.contains(X_FORWARDED_HOST) && host != null) {
            headers.set(X_FORWARDED_HOST, host);
        }
        if (!headers.contains(X_FORWARDED_PORT)) {
            headers.set(X_FORWARDED_PORT, port(headers.get(X_FORWARDED_HOST), headers.get(X_FORWARDED_PROTO)));
        }
        if (!headers.contains(X_FORWARDED_SERVER)) {
            headers.set(X_FORWARDED_SERVER, serverName);
        }
        if (!headers.contains(X_REAL_IP)) {
            headers.set(X_REAL_IP, clientIp);
        }
    }

    /** The port a client used: from the forwarded host when it has one, else the scheme's default. */
    static String port(String host, String proto) {
        if (host != null) {
            int colon = host.lastIndexOf(':');
            int bracket = host.lastIndexOf(']');
            if (colon > bracket && colon < host.length() - 1) {
                return host.substring(colon + 1);
            }
        }
        return "https".equals(proto) || "wss".equals(proto) ? "443" : "80";
    }
}
