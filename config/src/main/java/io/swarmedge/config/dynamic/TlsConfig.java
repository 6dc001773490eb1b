package io.swarmedge.config.dynamic;

import java.util.List;
import java.util.Map;

/** The {@code tls} section: options by name, certificates, and stores. */
public record TlsConfig(
        Map<String, TlsOptions> options, List<CertificateSource> certificates, Map<String, TlsStore> stores) {
    public static final TlsConfig EMPTY = new TlsConfig(Map.of(), List.of(), Map.of());

    public TlsConfig {
        options = Map.copyOf(options);
        certificates = List.copyOf(certificates);
        stores = Map.copyOf(stores);
    }
}
