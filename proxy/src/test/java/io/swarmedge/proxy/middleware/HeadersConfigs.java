package io.swarmedge.proxy.middleware;

import io.swarmedge.config.dynamic.Middleware;
import java.util.List;
import java.util.Map;

/** A builder of {@link Middleware.Headers} for tests: every option off unless set. */
final class HeadersConfigs {
    Map<String, String> customRequestHeaders = Map.of();
    Map<String, String> customResponseHeaders = Map.of();
    boolean accessControlAllowCredentials;
    List<String> accessControlAllowHeaders = List.of();
    List<String> accessControlAllowMethods = List.of();
    List<String> accessControlAllowOriginList = List.of();
    List<String> accessControlAllowOriginListRegex = List.of();
    List<String> accessControlExposeHeaders = List.of();
    long accessControlMaxAge;
    boolean addVaryHeader;
    List<String> allowedHosts = List.of();
    List<String> hostsProxyHeaders = List.of();
    long stsSeconds;
    boolean stsIncludeSubdomains;
    boolean stsPreload;
    boolean forceSTSHeader;
    boolean frameDeny;
    String customFrameOptionsValue = "";
    boolean contentTypeNosniff;
    boolean browserXssFilter;
    String customBrowserXSSValue = "";
    String contentSecurityPolicy = "";
    String contentSecurityPolicyReportOnly = "";
    String publicKey = "";
    String referrerPolicy = "";
    String permissionsPolicy = "";
    boolean isDevelopment;

    Middleware.Headers build() {
        return new Middleware.Headers(
                customRequestHeaders,
                customResponseHeaders,
                accessControlAllowCredentials,
                accessControlAllowHeaders,
                accessControlAllowMethods,
                accessControlAllowOriginList,
                accessControlAllowOriginListRegex,
                accessControlExposeHeaders,
                accessControlMaxAge,
                addVaryHeader,
                allowedHosts,
                hostsProxyHeaders,
                stsSeconds,
                stsIncludeSubdomains,
                stsPreload,
                forceSTSHeader,
                frameDeny,
                customFrameOptionsValue,
                contentTypeNosniff,
                browserXssFilter,
                customBrowserXSSValue,
                contentSecurityPolicy,
                contentSecurityPolicyReportOnly,
                publicKey,
                referrerPolicy,
                permissionsPolicy,
                isDevelopment);
    }

    HeadersMiddleware compile() {
        return HeadersMiddleware.of(build());
    }
}
