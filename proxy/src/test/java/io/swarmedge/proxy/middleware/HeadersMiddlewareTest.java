package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersMiddlewareTest {

    private static HttpResponse backendResponse() {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    }

    /** Runs a request through the middleware and a 200 backend response; returns its headers. */
    private static HttpHeaders forward(HttpMiddleware middleware, RequestContext context, HttpResponse response) {
        assertThat(middleware.onRequest(context)).isEmpty();
        middleware.onResponse(context, response);
        return response.headers();
    }

    @Test
    void seedHstsMiddlewareSendsMaxAgeOnHttps() {
        HeadersConfigs seed = new HeadersConfigs();
        seed.stsSeconds = 63072000;
        HttpMiddleware hsts = seed.compile();
        HttpHeaders https = forward(hsts, Requests.context("GET", "/", "wp.example.com", true), backendResponse());
        assertThat(https.getAll("Strict-Transport-Security")).containsExactly("max-age=63072000");
        HttpHeaders http = forward(hsts, Requests.context("GET", "/", "wp.example.com", false), backendResponse());
        assertThat(http.contains("Strict-Transport-Security")).isFalse();
    }

    @Test
    void hstsOptionsAndForce() {
        HeadersConfigs c = new HeadersConfigs();
        c.stsSeconds = 31536000;
        c.stsIncludeSubdomains = true;
        c.stsPreload = true;
        HttpMiddleware middleware = c.compile();
        assertThat(forward(middleware, Requests.context("GET", "/", "a", true), backendResponse())
                        .get("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains; preload");
        assertThat(forward(middleware, Requests.context("GET", "/", "a", false), backendResponse())
                        .contains("Strict-Transport-Security"))
                .isFalse();
        c.forceSTSHeader = true;
        assertThat(forward(c.compile(), Requests.context("GET", "/", "a", false), backendResponse())
                        .get("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains; preload");
        c.isDevelopment = true;
        assertThat(forward(c.compile(), Requests.context("GET", "/", "a", true), backendResponse())
                        .contains("Strict-Transport-Security"))
                .isFalse();
    }

    @Test
    void hstsReplacesTheBackendsValue() {
        HeadersConfigs c = new HeadersConfigs();
        c.stsSeconds = 60;
        HttpResponse response = backendResponse();
        response.headers().add("Strict-Transport-Security", "max-age=0");
        assertThat(forward(c.compile(), Requests.context("GET", "/", "a", true), response)
                        .getAll("Strict-Transport-Security"))
                .containsExactly("max-age=60");
    }

    @Test
    void securityHeaders() {
        HeadersConfigs c = new HeadersConfigs();
        c.frameDeny = true;
        c.contentTypeNosniff = true;
        c.browserXssFilter = true;
        c.referrerPolicy = "same-origin";
        c.contentSecurityPolicy = "default-src 'self'";
        c.contentSecurityPolicyReportOnly = "script-src 'none'";
        c.permissionsPolicy = "camera=()";
        c.publicKey = "pin-sha256=\"base64+primary==\"; max-age=5184000";
        HttpMiddleware middleware = c.compile();
        HttpHeaders headers = forward(middleware, Requests.context("GET", "/", "a", true), backendResponse());
        assertThat(headers.get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.get("X-XSS-Protection")).isEqualTo("1; mode=block");
        assertThat(headers.get("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(headers.get("Content-Security-Policy")).isEqualTo("default-src 'self'");
        assertThat(headers.get("Content-Security-Policy-Report-Only")).isEqualTo("script-src 'none'");
        assertThat(headers.get("Permissions-Policy")).isEqualTo("camera=()");
        assertThat(headers.get("Public-Key-Pins")).isEqualTo("pin-sha256=\"base64+primary==\"; max-age=5184000");
        // HPKP only over HTTPS
        HttpHeaders plain = forward(middleware, Requests.context("GET", "/", "a", false), backendResponse());
        assertThat(plain.contains("Public-Key-Pins")).isFalse();
        assertThat(plain.get("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void customValuesWinOverTheBooleans() {
        HeadersConfigs c = new HeadersConfigs();
        c.frameDeny = true;
        c.customFrameOptionsValue = "SAMEORIGIN";
        c.browserXssFilter = true;
        c.customBrowserXSSValue = "0";
        HttpHeaders headers = forward(c.compile(), Requests.get("/"), backendResponse());
        assertThat(headers.get("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(headers.get("X-XSS-Protection")).isEqualTo("0");
    }

    @Test
    void customRequestHeadersSetAndRemove() {
        HeadersConfigs c = new HeadersConfigs();
        c.customRequestHeaders = Map.of("X-Script-Name", "test", "X-Remove-Me", "", "Host", "backend.internal");
        RequestContext context = Requests.get("/");
        context.request()
                .headers()
                .add("X-Remove-Me", "a")
                .add("x-remove-me", "b")
                .add("X-Script-Name", "old");
        assertThat(c.compile().onRequest(context)).isEmpty();
        HttpHeaders headers = context.request().headers();
        assertThat(headers.getAll("X-Script-Name")).containsExactly("test");
        assertThat(headers.contains("X-Remove-Me")).isFalse();
        assertThat(headers.get("Host")).isEqualTo("backend.internal");
    }

    @Test
    void customResponseHeadersSetAndRemoveAfterSecurityHeaders() {
        HeadersConfigs c = new HeadersConfigs();
        c.frameDeny = true;
        c.customResponseHeaders = Map.of("X-Custom-Response-Header", "value", "Server", "", "X-Frame-Options", "");
        HttpResponse response = backendResponse();
        response.headers().add("Server", "Apache").add("X-Custom-Response-Header", "backend");
        HttpHeaders headers = forward(c.compile(), Requests.get("/"), response);
        assertThat(headers.getAll("X-Custom-Response-Header")).containsExactly("value");
        assertThat(headers.contains("Server")).isFalse();
        assertThat(headers.contains("X-Frame-Options")).isFalse();
    }

    @Test
    void allowedHostsRefuseOtherHostsWithUnrolledSecures500() {
        HeadersConfigs c = new HeadersConfigs();
        c.allowedHosts = List.of("example.com", "www.example.com");
        c.hostsProxyHeaders = List.of("X-Forwarded-Host");
        c.frameDeny = true;
        HttpMiddleware middleware = c.compile();
        assertThat(middleware.onRequest(Requests.context("GET", "/", "EXAMPLE.com", false)))
                .isEmpty();

        FullHttpResponse refused = middleware
                .onRequest(Requests.context("GET", "/", "evil.com", false))
                .orElseThrow();
        assertThat(refused.status().code()).isEqualTo(500);
        assertThat(refused.content().toString(StandardCharsets.UTF_8)).isEqualTo("Bad Host\n");
        refused.release();

        // the port is part of the host, as Go's Request.Host
        assertThat(middleware.onRequest(Requests.context("GET", "/", "example.com:8080", false)))
                .isPresent();

        RequestContext proxied = Requests.context("GET", "/", "internal:8080", false);
        proxied.request().headers().set("X-Forwarded-Host", "www.example.com");
        assertThat(middleware.onRequest(proxied)).isEmpty();

        c.isDevelopment = true;
        assertThat(c.compile().onRequest(Requests.context("GET", "/", "evil.com", false)))
                .isEmpty();
    }

    @Test
    void preflightIsAnsweredWithTheConfiguredCorsHeaders() {
        HeadersConfigs c = new HeadersConfigs();
        c.accessControlAllowMethods = List.of("GET", "OPTIONS", "PUT");
        c.accessControlAllowHeaders = List.of("origin", "X-Forwarded-For");
        c.accessControlAllowOriginList = List.of("https://foo.bar.org");
        c.accessControlAllowCredentials = true;
        c.accessControlMaxAge = 600;
        c.frameDeny = true;
        RequestContext context = Requests.context("OPTIONS", "/foo", "api", false);
        context.request()
                .headers()
                .add("Access-Control-Request-Method", "GET")
                .add("Access-Control-Request-Headers", "origin")
                .add("Origin", "https://foo.bar.org");
        FullHttpResponse answer = c.compile().onRequest(context).orElseThrow();
        assertThat(answer.status().code()).isEqualTo(200);
        HttpHeaders h = answer.headers();
        assertThat(h.get("Access-Control-Allow-Origin")).isEqualTo("https://foo.bar.org");
        assertThat(h.get("Access-Control-Allow-Methods")).isEqualTo("GET,OPTIONS,PUT");
        assertThat(h.get("Access-Control-Allow-Headers")).isEqualTo("origin,X-Forwarded-For");
        assertThat(h.get("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(h.get("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(h.get("Content-Length")).isEqualTo("0");
        // a preflight is answered before the security headers, as in Traefik
        assertThat(h.contains("X-Frame-Options")).isFalse();
    }

    @Test
    void preflightFromAnUnknownOriginGetsNoAllowOrigin() {
        HeadersConfigs c = new HeadersConfigs();
        c.accessControlAllowOriginList = List.of("https://foo.bar.org");
        RequestContext context = Requests.context("OPTIONS", "/", "api", false);
        context.request().headers().add("Access-Control-Request-Method", "GET").add("Origin", "https://evil.org");
        FullHttpResponse answer = c.compile().onRequest(context).orElseThrow();
        assertThat(answer.headers().contains("Access-Control-Allow-Origin")).isFalse();
        assertThat(answer.headers().get("Access-Control-Max-Age")).isEqualTo("0");
    }

    @Test
    void anOptionsRequestIsForwardedWhenCorsIsNotConfigured() {
        HeadersConfigs c = new HeadersConfigs();
        c.customRequestHeaders = Map.of("foo", "bar");
        RequestContext context = Requests.context("OPTIONS", "/", "api", false);
        context.request().headers().add("Access-Control-Request-Method", "GET").add("Origin", "https://a.org");
        HttpHeaders headers = forward(c.compile(), context, backendResponse());
        assertThat(headers.contains("Access-Control-Allow-Origin")).isFalse();
    }

    @Test
    void simpleRequestsGetAllowOriginByListWildcardAndRegex() {
        record Case(List<String> list, List<String> regex, String origin, String expected) {}
        List<Case> cases = List.of(
                new Case(List.of("https://foo.bar.org"), List.of(), "https://foo.bar.org", "https://foo.bar.org"),
                new Case(List.of("*"), List.of(), "https://foo.bar.org", "*"),
                new Case(List.of("https://a.org", "*"), List.of(), "https://a.org", "https://a.org"),
                new Case(List.of("*", "https://a.org"), List.of(), "https://a.org", "*"),
                new Case(
                        List.of(),
                        List.of("^https?://([a-z]+)\\.bar\\.org$"),
                        "https://foo.bar.org",
                        "https://foo.bar.org"),
                new Case(List.of(), List.of("([a-z]+)\\.bar"), "https://foo.bar.org", "https://foo.bar.org"),
                new Case(List.of(), List.of("([a-z]+)\\.bar\\.org"), "https://bar.org", null),
                new Case(List.of("https://foo.bar.org"), List.of(), "", null),
                new Case(List.of("https://foo.bar.org"), List.of(), "https://evil.org", null));
        for (Case k : cases) {
            HeadersConfigs c = new HeadersConfigs();
            c.accessControlAllowOriginList = k.list();
            c.accessControlAllowOriginListRegex = k.regex();
            RequestContext context = Requests.get("/");
            if (!k.origin().isEmpty()) {
                context.request().headers().set("Origin", k.origin());
            }
            HttpHeaders headers = forward(c.compile(), context, backendResponse());
            assertThat(headers.get("Access-Control-Allow-Origin"))
                    .as(k.toString())
                    .isEqualTo(k.expected());
        }
    }

    @Test
    void allowOriginReplacesTheBackendsAndCredentialsExposeVaryAreAdded() {
        HeadersConfigs c = new HeadersConfigs();
        c.accessControlAllowOriginList = List.of("*");
        c.accessControlAllowCredentials = true;
        c.accessControlExposeHeaders = List.of("origin", "X-Forwarded-For");
        c.addVaryHeader = true;
        RequestContext context = Requests.get("/");
        context.request().headers().set("Origin", "https://foo.bar.org");
        HttpResponse response = backendResponse();
        response.headers()
                .add("Access-Control-Allow-Origin", "http://foo.bar.org")
                .add("Vary", "Testing");
        HttpHeaders headers = forward(c.compile(), context, response);
        assertThat(headers.getAll("Access-Control-Allow-Origin")).containsExactly("*");
        assertThat(headers.get("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(headers.get("Access-Control-Expose-Headers")).isEqualTo("origin,X-Forwarded-For");
        assertThat(headers.getAll("Vary")).containsExactly("Testing,Origin");

        HttpResponse already = backendResponse();
        already.headers().add("Vary", "Origin");
        assertThat(forward(c.compile(), context, already).getAll("Vary")).containsExactly("Origin");
        assertThat(forward(c.compile(), context, backendResponse()).getAll("Vary"))
                .containsExactly("Origin");
    }

    @Test
    void invalidConfigurationsAreCompileErrors() {
        assertThatThrownBy(() -> new HeadersConfigs().compile()).hasMessageContaining("configuration not valid");
        HeadersConfigs badRegex = new HeadersConfigs();
        badRegex.accessControlAllowOriginListRegex = List.of("a(b");
        assertThatThrownBy(badRegex::compile).hasMessageContaining("accessControlAllowOriginListRegex[0]");
        HeadersConfigs injection = new HeadersConfigs();
        injection.customResponseHeaders = Map.of("X-A", "ok\r\nSet-Cookie: evil=1");
        assertThatThrownBy(injection::compile).hasMessageContaining("customResponseHeaders.X-A: control character");
        HeadersConfigs badName = new HeadersConfigs();
        badName.customRequestHeaders = Map.of("X A", "v");
        assertThatThrownBy(badName::compile).hasMessageContaining("invalid character ' ' in header name \"X A\"");
    }
}
