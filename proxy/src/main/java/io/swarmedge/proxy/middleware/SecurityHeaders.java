package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.swarmedge.config.dynamic.Middleware;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The security part of Traefik's {@code headers} middleware (unrolled/secure semantics): the allowed
 * hosts check (a refusal is {@code 500 Bad Host}, as unrolled/secure answers), and response headers
 * computed once at compile time. {@code Strict-Transport-Security} and {@code Public-Key-Pins} are
 * sent only on HTTPS requests ({@code forceSTSHeader} sends HSTS on HTTP too); {@code isDevelopment}
 * disables the hosts check, HSTS and HPKP.
 */
final class SecurityHeaders {
    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    private static final AsciiString PUBLIC_KEY_PINS = AsciiString.cached("public-key-pins");

    private record Header(AsciiString name, String value) {}

    private final List<Header> always;
    private final Optional<String> hsts;
    private final boolean forceHsts;
    private final Optional<String> publicKey;
    private final Set<String> allowedHosts;
    private final List<String> hostsProxyHeaders;

    private SecurityHeaders(
            List<Header> always,
            Optional<String> hsts,
            boolean forceHsts,
            Optional<String> publicKey,
            Set<String> allowedHosts,
            List<String> hostsProxyHeaders) {
        this.always = always;
        this.hsts = hsts;
        this.forceHsts = forceHsts;
        this.publicKey = publicKey;
        this.allowedHosts = allowedHosts;
        this.hostsProxyHeaders = hostsProxyHeaders;
    }

    /** Traefik's {@code HasSecureHeadersDefined}: any security option set. */
    static boolean isConfigured(Middleware.Headers c) {
        return !c.allowedHosts().isEmpty()
                || !c.hostsProxyHeaders().isEmpty()
                || c.stsSeconds() != 0
                || c.stsIncludeSubdomains()
                || c.stsPreload()
                || c.forceSTSHeader()
                || c.frameDeny()
                || !c.customFrameOptionsValue().isEmpty()
                || c.contentTypeNosniff()
                || c.browserXssFilter()
                || !c.customBrowserXSSValue().isEmpty()
                || !c.contentSecurityPolicy().isEmpty()
                || !c.contentSecurityPolicyReportOnly().isEmpty()
                || !c.publicKey().isEmpty()
                || !c.referrerPolicy().isEmpty()
                || !c.permissionsPolicy().isEmpty()
                || c.isDevelopment();
    }

    /**
     * Compiles the security options.
     *
     * @throws IllegalArgumentException naming an invalid header value
     */
    static SecurityHeaders of(Middleware.Headers c) {
        List<Header> always = new ArrayList<>();
        if (!c.customFrameOptionsValue().isEmpty()) {
            always.add(new Header(
                    HttpHeaderNames.X_FRAME_OPTIONS,
                    HeaderText.value("customFrameOptionsValue", c.customFrameOptionsValue())));
        } else if (c.frameDeny()) {
            always.add(new Header(HttpHeaderNames.X_FRAME_OPTIONS, "DENY"));
        }
        if (c.contentTypeNosniff()) {
            always.add(new Header(AsciiString.cached("x-content-type-options"), "nosniff"));
        }
        if (!c.customBrowserXSSValue().isEmpty()) {
            always.add(new Header(
                    AsciiString.cached("x-xss-protection"),
                    HeaderText.value("customBrowserXSSValue", c.customBrowserXSSValue())));
        } else if (c.browserXssFilter()) {
            always.add(new Header(AsciiString.cached("x-xss-protection"), "1; mode=block"));
        }
        addIfSet(always, HttpHeaderNames.CONTENT_SECURITY_POLICY, "contentSecurityPolicy", c.contentSecurityPolicy());
        addIfSet(
                always,
                AsciiString.cached("content-security-policy-report-only"),
                "contentSecurityPolicyReportOnly",
                c.contentSecurityPolicyReportOnly());
        addIfSet(always, AsciiString.cached("referrer-policy"), "referrerPolicy", c.referrerPolicy());
        addIfSet(always, AsciiString.cached("permissions-policy"), "permissionsPolicy", c.permissionsPolicy());

        boolean dev = c.isDevelopment();
        Optional<String> hsts = Optional.empty();
        if (c.stsSeconds() != 0 && !dev) {
            hsts = Optional.of("max-age=" + c.stsSeconds()
                    + (c.stsIncludeSubdomains() ? "; includeSubDomains" : "")
                    + (c.stsPreload() ? "; preload" : ""));
        }
        Optional<String> publicKey = c.publicKey().isEmpty() || dev
                ? Optional.empty()
                : Optional.of(HeaderText.value("publicKey", c.publicKey()));
        Set<String> allowedHosts = new HashSet<>();
        if (!dev) {
            c.allowedHosts().forEach(h -> allowedHosts.add(h.toLowerCase(Locale.ROOT)));
        }
        c.hostsProxyHeaders().forEach(h -> HeaderText.name("hostsProxyHeaders", h));
        return new SecurityHeaders(
                List.copyOf(always),
                hsts,
                c.forceSTSHeader(),
                publicKey,
                Set.copyOf(allowedHosts),
                List.copyOf(c.hostsProxyHeaders()));
    }

    private static void addIfSet(List<Header> headers, AsciiString name, String key, String value) {
        if (!value.isEmpty()) {
            headers.add(new Header(name, HeaderText.value(key, value)));
        }
    }

    /** The refusal for a host outside {@code allowedHosts}, or empty to go on. */
    Optional<FullHttpResponse> checkHost(HttpRequest request) {
        if (allowedHosts.isEmpty()) {
            return Optional.empty();
        }
        String host = request.headers().get(HttpHeaderNames.HOST, "");
        for (String header : hostsProxyHeaders) {
            String value = request.headers().get(header);
            if (value != null && !value.isEmpty()) {
                host = value;
                break;
            }
        }
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(DirectResponses.error(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Bad Host"));
    }

    /** Sets the security headers, replacing the backend's. */
    void onResponse(RequestContext context, HttpHeaders response) {
        for (Header header : always) {
            response.set(header.name(), header.value());
        }
        boolean https = context.tls() || RequestTarget.schemeLength(context.originalUri()) == 8;
        if (hsts.isPresent() && (https || forceHsts)) {
            response.set(STRICT_TRANSPORT_SECURITY, hsts.get());
        }
        if (publicKey.isPresent() && https) {
            response.set(PUBLIC_KEY_PINS, publicKey.get());
        }
    }
}
