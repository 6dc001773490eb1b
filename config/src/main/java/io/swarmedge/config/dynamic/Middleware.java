package io.swarmedge.config.dynamic;

import java.util.List;
import java.util.Map;

/**
 * An HTTP middleware, one record per Traefik middleware type swarmedge supports. Regular
 * expressions are kept as validated source text so snapshots compare by value; the data plane
 * compiles them.
 */
public sealed interface Middleware {

    /** {@code addPrefix}: prepends a prefix to the path. */
    record AddPrefix(String prefix) implements Middleware {}

    /** {@code stripPrefix}: removes the first matching prefix; sets {@code X-Forwarded-Prefix}. */
    record StripPrefix(List<String> prefixes, boolean forceSlash) implements Middleware {
        public StripPrefix {
            prefixes = List.copyOf(prefixes);
        }
    }

    /** {@code stripPrefixRegex}: removes the first prefix matched by one of the expressions. */
    record StripPrefixRegex(List<String> regex) implements Middleware {
        public StripPrefixRegex {
            regex = List.copyOf(regex);
        }
    }

    /** {@code replacePath}: replaces the path; keeps the original in {@code X-Replaced-Path}. */
    record ReplacePath(String path) implements Middleware {}

    /** {@code replacePathRegex}: rewrites the path with a regular expression and replacement. */
    record ReplacePathRegex(String regex, String replacement) implements Middleware {}

    /**
     * {@code redirectScheme}: redirects to another scheme.
     *
     * @param port target port, empty for the scheme's default
     */
    record RedirectScheme(String scheme, String port, boolean permanent) implements Middleware {}

    /** {@code redirectRegex}: redirects when the full request URL matches. */
    record RedirectRegex(String regex, String replacement, boolean permanent) implements Middleware {}

    /** {@code chain}: applies other middlewares in order. */
    record Chain(List<String> middlewares) implements Middleware {
        public Chain {
            middlewares = List.copyOf(middlewares);
        }
    }

    /**
     * {@code headers}: custom request/response headers, security headers and CORS. A custom header
     * with an empty value removes that header.
     */
    record Headers(
            Map<String, String> customRequestHeaders,
            Map<String, String> customResponseHeaders,
            // CORS
            boolean accessControlAllowCredentials,
            List<String> accessControlAllowHeaders,
            List<String> accessControlAllowMethods,
            List<String> accessControlAllowOriginList,
            List<String> accessControlAllowOriginListRegex,
            List<String> accessControlExposeHeaders,
            long accessControlMaxAge,
            boolean addVaryHeader,
            // host checks
            List<String> allowedHosts,
            List<String> hostsProxyHeaders,
            // security headers
            long stsSeconds,
            boolean stsIncludeSubdomains,
            boolean stsPreload,
            boolean forceSTSHeader,
            boolean frameDeny,
            String customFrameOptionsValue,
            boolean contentTypeNosniff,
            boolean browserXssFilter,
            String customBrowserXSSValue,
            String contentSecurityPolicy,
            String contentSecurityPolicyReportOnly,
            String publicKey,
            String referrerPolicy,
            String permissionsPolicy,
            boolean isDevelopment)
            implements Middleware {
        public Headers {
            customRequestHeaders = Map.copyOf(customRequestHeaders);
            customResponseHeaders = Map.copyOf(customResponseHeaders);
            accessControlAllowHeaders = List.copyOf(accessControlAllowHeaders);
            accessControlAllowMethods = List.copyOf(accessControlAllowMethods);
            accessControlAllowOriginList = List.copyOf(accessControlAllowOriginList);
            accessControlAllowOriginListRegex = List.copyOf(accessControlAllowOriginListRegex);
            accessControlExposeHeaders = List.copyOf(accessControlExposeHeaders);
            allowedHosts = List.copyOf(allowedHosts);
            hostsProxyHeaders = List.copyOf(hostsProxyHeaders);
        }

        /** True when CORS headers are configured (origins to allow). */
        public boolean hasCors() {
            return !accessControlAllowOriginList.isEmpty() || !accessControlAllowOriginListRegex.isEmpty();
        }
    }
}
