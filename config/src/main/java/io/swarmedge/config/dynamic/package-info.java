/**
 * The dynamic configuration (Traefik's format) and its decoder.
 *
 * <p>{@link io.swarmedge.config.dynamic.DynamicConfigDecoder} reads {@code http.routers}, {@code
 * http.services} ({@code loadBalancer}, {@code weighted}), {@code http.middlewares} ({@code
 * addPrefix}, {@code stripPrefix}, {@code stripPrefixRegex}, {@code replacePath}, {@code
 * replacePathRegex}, {@code redirectScheme}, {@code redirectRegex}, {@code chain}, {@code headers}),
 * {@code http.serversTransports}, {@code tls.options}, {@code tls.certificates} and {@code
 * tls.stores.default} from YAML (anchors and merge keys included) or from a tree built from labels.
 * Keys are case-insensitive. Rules, regular expressions, URLs, durations, TLS versions, cipher
 * suites, curves and client-auth types are checked once, here; the model keeps validated values.
 *
 * <p>Errors are per object and name their source:
 *
 * <pre>
 * dynamic.yml:14: http.middlewares.x.stripPrefx: unknown middleware type "stripPrefx" (did you mean "stripPrefix"?)
 * dynamic.yml:9: http.middlewares.limit.rateLimit: middleware "limit" type "rateLimit" is not supported by swarmedge
 * dynamic.yml:4: http.routers.bad.rule: unexpected ')' at column 24 (expected '&amp;&amp;', '||' or the end of the rule)
 * </pre>
 *
 * <p>Refused by name, never ignored: the middlewares {@code basicAuth}, {@code digestAuth}, {@code
 * forwardAuth}, {@code rateLimit}, {@code ipAllowList}/{@code ipWhiteList}, {@code inFlightReq},
 * {@code compress}, {@code retry}, {@code buffering}, {@code circuitBreaker}, {@code errors}, {@code
 * plugin}, {@code grpcWeb}, {@code passTLSClientCert}, {@code contentType}; {@code mirroring} and
 * {@code failover} services; the {@code tcp} and {@code udp} sections; TLS stores other than {@code
 * default}; TOML files.
 */
package io.swarmedge.config.dynamic;
