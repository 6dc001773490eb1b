package io.swarmedge.config.dynamic;

import java.util.List;

/**
 * A certificate from {@code tls.certificates}: file paths or inline PEM, as Traefik accepts both.
 *
 * @param certFile path to (or inline) PEM certificate chain
 * @param keyFile path to (or inline) PEM private key
 * @param stores stores the certificate belongs to (empty = {@code default})
 */
public record CertificateSource(String certFile, String keyFile, List<String> stores) {
    public CertificateSource {
        stores = List.copyOf(stores);
    }
}
