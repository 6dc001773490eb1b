package io.swarmedge.proxy.tls;

import java.util.Optional;

/** Traefik's {@code curvePreferences} names (Go's {@code tls.CurveID}) and the engines' group names. */
public enum CurvePreference {
    CURVE_P256("CurveP256", "P-256"),
    CURVE_P384("CurveP384", "P-384"),
    CURVE_P521("CurveP521", "P-521"),
    X25519("X25519", "X25519"),
    X25519_MLKEM768("X25519MLKEM768", "X25519MLKEM768");

    private final String goName;
    private final String groupName;

    CurvePreference(String goName, String groupName) {
        this.goName = goName;
        this.groupName = groupName;
    }

    /** Go's name, e.g. {@code CurveP256}. */
    public String goName() {
        return goName;
    }

    /** The BoringSSL/OpenSSL group name, e.g. {@code P-256}. */
    public String groupName() {
        return groupName;
    }

    /** A curve by Go name, or by the standard names the configuration also accepts ({@code secp256r1}). */
    public static Optional<CurvePreference> byGoName(String name) {
        String goName = switch (name) {
            case "secp256r1" -> "CurveP256";
            case "secp384r1" -> "CurveP384";
            case "secp521r1" -> "CurveP521";
            case "x25519" -> "X25519";
            default -> name;
        };
        for (CurvePreference c : values()) {
            if (c.goName.equals(goName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
