package io.swarmedge.proxy.tls.ocsp;

/** What a responder says about a certificate. */
public enum OcspStatus {
    GOOD,
    REVOKED,
    UNKNOWN
}
