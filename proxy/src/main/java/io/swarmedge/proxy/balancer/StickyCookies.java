package io.swarmedge.proxy.balancer;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.swarmedge.config.dynamic.StickyCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Sticky-session cookie names, values and headers, computed at compile time where possible. */
public final class StickyCookies {
    private StickyCookies() {}

    /** The cookie name: the configured one, else {@code _} + a short hash of the service name (as Traefik). */
    public static String name(StickyCookie cookie, String serviceName) {
        return cookie.name().isEmpty() ? "_" + hash("SHA-1", serviceName).substring(0, 6) : cookie.name();
    }

    /** The cookie value naming a server: a hash of its URL, so the backend address does not leak. */
    public static String value(String url) {
        return hash("SHA-256", url).substring(0, 16);
    }

    /** The full {@code Set-Cookie} value for one server. */
    public static String setCookie(StickyCookie cookie, String name, String value) {
        StringBuilder b = new StringBuilder(name).append('=').append(value);
        b.append("; Path=").append(cookie.path().isEmpty() ? "/" : cookie.path());
        if (!cookie.domain().isEmpty()) {
            b.append("; Domain=").append(cookie.domain());
        }
        if (cookie.maxAge() > 0) {
            b.append("; Max-Age=").append(cookie.maxAge());
        } else if (cookie.maxAge() < 0) {
            b.append("; Max-Age=0");
        }
        if (cookie.httpOnly()) {
            b.append("; HttpOnly");
        }
        if (cookie.secure()) {
            b.append("; Secure");
        }
        switch (cookie.sameSite().toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> b.append("; SameSite=None");
            case "lax" -> b.append("; SameSite=Lax");
            case "strict" -> b.append("; SameSite=Strict");
            default -> {}
        }
        return b.toString();
    }

    /** The value of cookie {@code name} in the request, or null. Scans without allocating a map. */
    static String find(HttpRequest request, String name) {
        List<String> headers = request.headers().getAll(HttpHeaderNames.COOKIE);
        for (String header : headers) {
            int i = 0;
            int n = header.length();
            while (i < n) {
                while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ';')) {
                    i++;
                }
                int end = header.indexOf(';', i);
                if (end < 0) {
                    end = n;
                }
                if (header.startsWith(name, i) && i + name.length() < end && header.charAt(i + name.length()) == '=') {
                    String v = header.substring(i + name.length() + 1, end).trim();
                    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                        v = v.substring(1, v.length() - 1);
                    }
                    return v;
                }
                i = end + 1;
            }
        }
        return null;
    }

    private static String hash(String algorithm, String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
