package io.swarmedge.proxy.routing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.swarmedge.config.rule.RequestView;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Netty request head as rules see it. Host and path are computed once, on first use; the query is
 * decoded only when a rule asks for it, so the common {@code Host && PathPrefix} case never touches it.
 */
public final class RequestHead implements RequestView {
    private final HttpRequest request;
    private final InetSocketAddress client;
    private String host;
    private String path;
    private Map<String, List<String>> query;

    public RequestHead(HttpRequest request, InetSocketAddress client) {
        this.request = request;
        this.client = client;
    }

    /** The Netty request this view reads. */
    public HttpRequest request() {
        return request;
    }

    @Override
    public String host() {
        String h = host;
        if (h == null) {
            h = hostOf(request);
            host = h;
        }
        return h;
    }

    @Override
    public String path() {
        String p = path;
        if (p == null) {
            p = pathOf(request.uri());
            path = p;
        }
        return p;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public List<String> headerValues(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public List<String> queryValues(String name) {
        Map<String, List<String>> q = query;
        if (q == null) {
            q = new QueryStringDecoder(request.uri()).parameters();
            query = q;
        }
        return q.getOrDefault(name, List.of());
    }

    @Override
    public InetAddress clientAddress() {
        return client.getAddress();
    }

    /** The Host header without port, lower case; the URI's authority for absolute-form requests. */
    static String hostOf(HttpRequest request) {
        String uri = request.uri();
        String raw;
        if (!uri.isEmpty() && uri.charAt(0) != '/' && uri.contains("://")) {
            int start = uri.indexOf("://") + 3;
            int end = start;
            while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
                end++;
            }
            raw = uri.substring(start, end);
        } else {
            raw = request.headers().get(HttpHeaderNames.HOST);
            if (raw == null) {
                return "";
            }
        }
        return stripPort(raw);
    }

    /** {@code Example.com:80} → {@code example.com}; {@code [::1]:80} → {@code ::1}. */
    static String stripPort(String hostPort) {
        String h = hostPort;
        if (!h.isEmpty() && h.charAt(0) == '[') {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(1, close) : h;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') == colon) {
                h = h.substring(0, colon);
            }
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return h.toLowerCase(Locale.ROOT);
            }
        }
        return h;
    }

    /** The percent-decoded path of a request target, without query or fragment. */
    static String pathOf(String uri) {
        int start = 0;
        if (!uri.isEmpty() && uri.charAt(0) != '/') {
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                start = uri.indexOf('/', scheme + 3);
                if (start < 0) {
                    return "/";
                }
            }
        }
        int end = uri.length();
        boolean escaped = false;
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
            if (c == '%') {
                escaped = true;
            }
        }
        String raw = uri.substring(start, end);
        if (!escaped) {
            return raw;
        }
        return QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
