package io.swarmedge.config.dynamic;

import java.util.List;

/**
 * A TLS store ({@code tls.stores.<name>}); only {@code default} is used, as in Traefik.
 *
 * @param defaultCertificate the certificate served for unknown names; empty list when a
 *     self-signed one is generated instead (0 or 1 element)
 * @param defaultGeneratedCert resolver and domain of an ACME-generated default certificate, or
 *     empty strings
 */
public record TlsStore(
        List<CertificateSource> defaultCertificate,
        String defaultGeneratedCertResolver,
        String defaultGeneratedCertDomain) {
    public TlsStore {
        defaultCertificate = List.copyOf(defaultCertificate);
    }
}
