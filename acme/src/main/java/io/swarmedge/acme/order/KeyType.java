package io.swarmedge.acme.order;

import java.security.KeyPair;
import java.util.Locale;
import org.shredzone.acme4j.util.KeyPairUtils;

/** The certificate key types Traefik's {@code keyType} names; RSA4096 is Traefik's default. */
public enum KeyType {
    RSA2048,
    RSA4096,
    RSA8192,
    EC256,
    EC384;

    /**
     * Parses Traefik's spelling (case-insensitive; empty = RSA4096).
     *
     * @param key the configuration key, named in the error
     */
    public static KeyType parse(String value, String key) {
        if (value.isBlank()) {
            return RSA4096;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AcmeConfigException(
                    key + ": unknown key type \"" + value + "\" (use RSA2048, RSA4096, RSA8192, EC256 or EC384)");
        }
    }

    /** A new key pair of this type. */
    public KeyPair generate() {
        io.swarmedge.acme.Pem.registerProvider();
        // BouncyCastle makes the keys (as acme4j does); the JDK's providers hold them
        return io.swarmedge.acme.Pem.jdkKeyPair(
                switch (this) {
                    case RSA2048 -> KeyPairUtils.createKeyPair(2048);
                    case RSA4096 -> KeyPairUtils.createKeyPair(4096);
                    case RSA8192 -> KeyPairUtils.createKeyPair(8192);
                    case EC256 -> KeyPairUtils.createECKeyPair("secp256r1");
                    case EC384 -> KeyPairUtils.createECKeyPair("secp384r1");
                });
    }
}
