package io.swarmedge.proxy.tls;

import java.security.PrivateKey;

/** The kind of a certificate's key, which decides the TLS 1.2 cipher suites it can serve. */
public enum KeyType {
    RSA,
    EC,
    /** Ed25519/Ed448: TLS 1.3 only, in practice. */
    EDDSA;

    /**
     * The type of a private key.
     *
     * @throws TlsConfigurationException for an algorithm TLS servers do not use
     */
    public static KeyType of(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA", "RSASSA-PSS" -> RSA;
            case "EC", "ECDSA" -> EC;
            case "Ed25519", "Ed448", "EdDSA" -> EDDSA;
            default -> throw new TlsConfigurationException("unsupported private key algorithm " + key.getAlgorithm());
        };
    }
}
