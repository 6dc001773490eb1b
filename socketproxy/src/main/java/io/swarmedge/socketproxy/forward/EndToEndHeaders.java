package io.swarmedge.socketproxy.forward;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Copies the end-to-end headers of a message: hop-by-hop ones (RFC 9110 7.6.1) and every header named in
 * {@code Connection} stay on their own hop. Framing headers are copied; the codec re-frames the body from them.
 */
final class EndToEndHeaders {
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "proxy-authorization");

    private EndToEndHeaders() {}

    static void copy(HttpHeaders from, HttpHeaders to) {
        List<String> connectionTokens = from.getAll(HttpHeaderNames.CONNECTION).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(t -> t.strip().toLowerCase(Locale.ROOT))
                .toList();
        for (var header : from) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !connectionTokens.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }

    /** A value safe for one log line: printable ASCII without quotes, at most 200 characters. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 200));
        for (int i = 0; i < value.length() && out.length() < 200; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return out.toString();
    }
}
