package io.swarmedge.config.dynamic;

/**
 * The routing configuration (Traefik's "dynamic configuration"): an immutable snapshot produced by a
 * provider or by merging every provider's snapshot. Names in a merged snapshot are qualified with
 * their provider ({@code hsts@file}, {@code whoami@swarm}).
 */
public record DynamicConfig(HttpConfig http, TlsConfig tls) {
    public static final DynamicConfig EMPTY = new DynamicConfig(HttpConfig.EMPTY, TlsConfig.EMPTY);
}
