package io.swarmedge.proxy.tls;

import java.util.Locale;
import java.util.Optional;

/**
 * The cipher suites Go (and so Traefik) knows, by their Go/IANA names, with the key each needs in
 * the certificate. TLS 1.3 suites are not configurable in Go (always on when TLS 1.3 is); they are
 * accepted and listed here so the JDK engine, which needs them named, can be given them.
 */
public enum CipherSuite {
    TLS_AES_128_GCM_SHA256(KeyExchange.TLS13),
    TLS_AES_256_GCM_SHA384(KeyExchange.TLS13),
    TLS_CHACHA20_POLY1305_SHA256(KeyExchange.TLS13),
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA(KeyExchange.ECDHE_RSA),
    TLS_ECDHE_ECDSA_WITH_RC4_128_SHA(KeyExchange.ECDHE_ECDSA),
    TLS_ECDHE_RSA_WITH_RC4_128_SHA(KeyExchange.ECDHE_RSA),
    TLS_RSA_WITH_AES_128_GCM_SHA256(KeyExchange.RSA),
    TLS_RSA_WITH_AES_256_GCM_SHA384(KeyExchange.RSA),
    TLS_RSA_WITH_AES_128_CBC_SHA(KeyExchange.RSA),
    TLS_RSA_WITH_AES_256_CBC_SHA(KeyExchange.RSA),
    TLS_RSA_WITH_AES_128_CBC_SHA256(KeyExchange.RSA),
    TLS_RSA_WITH_3DES_EDE_CBC_SHA(KeyExchange.RSA),
    TLS_RSA_WITH_RC4_128_SHA(KeyExchange.RSA);

    /** What a suite needs from the server's certificate. */
    public enum KeyExchange {
        /** TLS 1.3: any certificate key. */
        TLS13,
        /** ECDHE signed with an ECDSA key. */
        ECDHE_ECDSA,
        /** ECDHE signed with an RSA key. */
        ECDHE_RSA,
        /** RSA key transport (no forward secrecy). */
        RSA
    }

    private final KeyExchange keyExchange;

    CipherSuite(KeyExchange keyExchange) {
        this.keyExchange = keyExchange;
    }

    /** The key exchange, and so the certificate key it needs. */
    public KeyExchange keyExchange() {
        return keyExchange;
    }

    /** The IANA name, which is the JDK's and the one Netty converts for OpenSSL. */
    public String ianaName() {
        return name();
    }

    /** True for TLS 1.3 suites. */
    public boolean isTls13() {
        return keyExchange == KeyExchange.TLS13;
    }

    /** True when a certificate with this key type can be used with the suite. */
    public boolean worksWith(KeyType keyType) {
        return switch (keyExchange) {
            case TLS13 -> true;
            case ECDHE_ECDSA -> keyType == KeyType.EC;
            case ECDHE_RSA, RSA -> keyType == KeyType.RSA;
        };
    }

    /** A suite by Go name, including Go's legacy aliases without {@code _SHA256}. */
    public static Optional<CipherSuite> byGoName(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        String canonical = switch (upper) {
            case "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305" -> "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
            case "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305" -> "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            default -> upper;
        };
        for (CipherSuite suite : values()) {
            if (suite.name().equals(canonical)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
