package io.swarmedge.config.rule;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request for rule tests, written as {@code host=a.example path=/x method=POST header=X-A:1
 * query=k=v ip=10.0.0.1}; each value is percent-decoded (so {@code %20} is a space).
 */
record TestRequest(
        String host,
        String path,
        String method,
        Map<String, List<String>> headers,
        Map<String, List<String>> query,
        InetAddress clientAddress)
        implements RequestView {

    static TestRequest parse(String spec) {
        String host = "";
        String path = "/";
        String method = "GET";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, List<String>> query = new LinkedHashMap<>();
        InetAddress ip = address("127.0.0.1");
        for (String token : spec.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bad request token " + token);
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            switch (key) {
                case "host" -> host = decode(value);
                case "path" -> path = decode(value);
                case "method" -> method = decode(value);
                case "header" -> {
                    int colon = value.indexOf(':');
                    headers.computeIfAbsent(
                                    decode(value.substring(0, colon)).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(decode(value.substring(colon + 1)));
                }
                case "query" -> {
                    int e = value.indexOf('=');
                    String k = e < 0 ? value : value.substring(0, e);
                    String v = e < 0 ? "" : value.substring(e + 1);
                    query.computeIfAbsent(decode(k), x -> new ArrayList<>()).add(decode(v));
                }
                case "ip" -> ip = address(value);
                default -> throw new IllegalArgumentException("bad request key " + key);
            }
        }
        return new TestRequest(host, path, method, headers, query, ip);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only in the case files: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }
}
