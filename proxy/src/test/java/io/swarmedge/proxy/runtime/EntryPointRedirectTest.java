package io.swarmedge.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.swarmedge.proxy.middleware.RequestContext;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EntryPointRedirectTest {
    private static FullHttpResponse redirect(EntryPointRedirect r, HttpMethod method, String host, String uri) {
        var request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        request.headers().set("Host", host);
        return r.onRequest(new RequestContext(request, uri, false, "web", 80, new InetSocketAddress("127.0.0.1", 1)))
                .orElseThrow();
    }

    @Test
    void keepsHostAndPathAndNamesNonDefaultPorts() {
        FullHttpResponse r =
                redirect(new EntryPointRedirect("https", 8443, true), HttpMethod.GET, "site.test:8000", "/a?b");
        assertThat(r.status().code()).isEqualTo(301);
        assertThat(r.headers().get("Location")).isEqualTo("https://site.test:8443/a?b");
        assertThat(redirect(new EntryPointRedirect("https", 443, true), HttpMethod.POST, "site.test", "/f")
                        .headers()
                        .get("Location"))
                .isEqualTo("https://site.test/f");
        assertThat(redirect(new EntryPointRedirect("https", 443, false), HttpMethod.POST, "[::1]:80", "/")
                        .status()
                        .code())
                .isEqualTo(307);
    }
}
