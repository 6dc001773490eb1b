package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;

/** Request contexts for middleware tests. */
final class Requests {
    private Requests() {}

    static RequestContext context(String method, String uri, String host, boolean tls) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
        if (!host.isEmpty()) {
            request.headers().set("Host", host);
        }
        return new RequestContext(
                request,
                uri,
                tls,
                tls ? "websecure" : "web",
                tls ? 443 : 80,
                new InetSocketAddress("192.0.2.7", 50000));
    }

    static RequestContext get(String uri) {
        return context("GET", uri, "example.com", false);
    }
}
