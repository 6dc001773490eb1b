package io.swarmedge.config.dynamic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS names Traefik accepts in {@code tls.options} (Go's spellings) and their standard
 * (IANA/JSSE) equivalents, so the data plane can configure its TLS engine from validated names.
 */
public final class TlsNames {
    private static final Map<String, String> VERSIONS = Map.of(
            "VersionTLS10", "TLSv1",
            "VersionTLS11", "TLSv1.1",
            "VersionTLS12", "TLSv1.2",
            "VersionTLS13", "TLSv1.3");

    /** Go/Traefik cipher suite name → IANA name. Go also accepts the short CHACHA20 names. */
    private static final Map<String, String> CIPHERS = new LinkedHashMap<>();

    /** Go/Traefik curve name → standard named group. */
    private static final Map<String, String> CURVES = new LinkedHashMap<>();

    /** Client authentication types, as Traefik spells them. */
    public static final List<String> CLIENT_AUTH_TYPES = List.of(
            "NoClientCert",
            "RequestClientCert",
            "RequireAnyClientCert",
            "VerifyClientCertIfGiven",
            "RequireAndVerifyClientCert");

    static {
        for (String name : List.of(
                "TLS_RSA_WITH_RC4_128_SHA",
                "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
                "TLS_RSA_WITH_AES_128_CBC_SHA",
                "TLS_RSA_WITH_AES_256_CBC_SHA",
                "TLS_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
                "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_FALLBACK_SCSV")) {
            CIPHERS.put(name, name);
        }
        CIPHERS.put("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        CIPHERS.put("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        CURVES.put("CurveP256", "secp256r1");
        CURVES.put("secp256r1", "secp256r1");
        CURVES.put("CurveP384", "secp384r1");
        CURVES.put("secp384r1", "secp384r1");
        CURVES.put("CurveP521", "secp521r1");
        CURVES.put("secp521r1", "secp521r1");
        CURVES.put("X25519", "x25519");
        CURVES.put("x25519", "x25519");
        CURVES.put("X25519MLKEM768", "X25519MLKEM768");
    }

    private TlsNames() {}

    /** Traefik's version names ({@code VersionTLS12}). */
    public static List<String> versions() {
        return List.of("VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13");
    }

    /** {@code VersionTLS12} → {@code TLSv1.2}. */
    public static Optional<String> protocol(String traefikVersion) {
        return Optional.ofNullable(VERSIONS.get(traefikVersion));
    }

    /** Every cipher suite name Traefik accepts. */
    public static List<String> cipherNames() {
        return List.copyOf(CIPHERS.keySet());
    }

    /** The IANA name of a cipher suite Traefik accepts (case-insensitive lookup). */
    public static Optional<String> ianaCipher(String traefikName) {
        return canonical(traefikName, CIPHERS.keySet()).map(CIPHERS::get);
    }

    /** Every curve name Traefik accepts. */
    public static List<String> curveNames() {
        return List.copyOf(CURVES.keySet());
    }

    /** The standard named group of a curve Traefik accepts ({@code CurveP256} → {@code secp256r1}). */
    public static Optional<String> namedGroup(String traefikCurve) {
        return canonical(traefikCurve, CURVES.keySet()).map(CURVES::get);
    }

    /** The canonical spelling of a name in {@code names}, matched case-insensitively. */
    static Optional<String> canonical(String name, Iterable<String> names) {
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
