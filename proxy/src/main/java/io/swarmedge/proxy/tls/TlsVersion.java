package io.swarmedge.proxy.tls;

import java.util.ArrayList;
import java.util.List;

/** TLS protocol versions as Traefik names them ({@code VersionTLS12}) and as engines do ({@code TLSv1.2}). */
public enum TlsVersion {
    TLS10("VersionTLS10", "TLSv1"),
    TLS11("VersionTLS11", "TLSv1.1"),
    TLS12("VersionTLS12", "TLSv1.2"),
    TLS13("VersionTLS13", "TLSv1.3");

    private final String traefikName;
    private final String protocol;

    TlsVersion(String traefikName, String protocol) {
        this.traefikName = traefikName;
        this.protocol = protocol;
    }

    /** Traefik's name, e.g. {@code VersionTLS12}. */
    public String traefikName() {
        return traefikName;
    }

    /** The JDK/OpenSSL protocol name, e.g. {@code TLSv1.2}. */
    public String protocol() {
        return protocol;
    }

    /**
     * Parses Traefik's name.
     *
     * @param key the configuration key, for the error
     * @throws TlsConfigurationException for an unknown name
     */
    public static TlsVersion parse(String key, String value) {
        for (TlsVersion v : values()) {
            if (v.traefikName.equals(value)) {
                return v;
            }
        }
        throw new TlsConfigurationException(key + ": unknown TLS version \"" + value
                + "\" (expected VersionTLS10, VersionTLS11, VersionTLS12 or VersionTLS13)");
    }

    /** The protocols from {@code min} to {@code max}, inclusive. */
    public static List<TlsVersion> range(TlsVersion min, TlsVersion max) {
        List<TlsVersion> versions = new ArrayList<>();
        for (TlsVersion v : values()) {
            if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
                versions.add(v);
            }
        }
        return List.copyOf(versions);
    }
}
