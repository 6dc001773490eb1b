package io.swarmedge.acme.challenge;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The self-signed certificate answering a TLS-ALPN-01 challenge for one name: serve it (and only it)
 * when a client offers ALPN {@code acme-tls/1} with this name as SNI.
 *
 * @param domain the name being validated
 * @param certificate the validation certificate (with the acmeIdentifier extension)
 * @param key its private key
 */
public record AlpnCertificate(String domain, X509Certificate certificate, PrivateKey key) {
    /** The ALPN protocol name of TLS-ALPN-01 (RFC 8737). */
    public static final String ACME_TLS_1 = "acme-tls/1";
}
