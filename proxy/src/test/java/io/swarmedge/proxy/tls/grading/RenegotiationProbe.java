package io.swarmedge.proxy.tls.grading;

/**
 * The two renegotiation checks testssl.sh runs, repeated with SNI. testssl 3.0.8 runs them with
 * {@code openssl s_client} without {@code -servername} ("No SNI needed here"), so against a server
 * that refuses handshakes without a known name (Traefik's {@code sniStrict}, nginx's {@code
 * ssl_reject_handshake}) its secure-renegotiation check is inconclusive and its client-initiated
 * check says "not vulnerable" only because no handshake happened.
 */
interface RenegotiationProbe {
    /** The outcome of one probe and what it is based on. */
    record Outcome(boolean passed, String evidence) {}

    /** RFC 5746 secure renegotiation: the server's TLS 1.2 ServerHello carries renegotiation_info. */
    Outcome secureRenegotiation();

    /** A client's renegotiation request on an established TLS 1.2 connection is refused. */
    Outcome clientInitiatedRefused();
}
