package io.swarmedge.config.dynamic;

import java.util.List;

/**
 * Traefik's {@code tls.options.<name>}. Versions and cipher names are kept as Traefik spells them
 * ({@code VersionTLS12}, {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}); parsers reject unknown ones.
 *
 * @param minVersion e.g. {@code VersionTLS12}; empty = TLS 1.2
 * @param maxVersion empty = the highest supported
 * @param cipherSuites TLS 1.2 cipher suites (IANA names); empty = secure defaults
 * @param curvePreferences e.g. {@code X25519}, {@code CurveP256}; empty = defaults
 * @param sniStrict refuse handshakes without a matching certificate
 * @param alpnProtocols default {@code h2, http/1.1, acme-tls/1}
 * @param clientAuth mutual TLS; {@link ClientAuth#NONE} by default
 */
public record TlsOptions(
        String minVersion,
        String maxVersion,
        List<String> cipherSuites,
        List<String> curvePreferences,
        boolean sniStrict,
        List<String> alpnProtocols,
        ClientAuth clientAuth) {
    public static final TlsOptions DEFAULT = new TlsOptions(
            "VersionTLS12", "", List.of(), List.of(), false, List.of("h2", "http/1.1", "acme-tls/1"), ClientAuth.NONE);

    public TlsOptions {
        cipherSuites = List.copyOf(cipherSuites);
        curvePreferences = List.copyOf(curvePreferences);
        alpnProtocols = List.copyOf(alpnProtocols);
    }

    /**
     * Mutual TLS settings.
     *
     * @param caFiles PEM files (or inline PEM) of CAs that sign client certificates
     * @param clientAuthType {@code NoClientCert}, {@code RequestClientCert}, {@code
     *     RequireAnyClientCert}, {@code VerifyClientCertIfGiven} or {@code RequireAndVerifyClientCert}
     */
    public record ClientAuth(List<String> caFiles, String clientAuthType) {
        public static final ClientAuth NONE = new ClientAuth(List.of(), "NoClientCert");

        public ClientAuth {
            caFiles = List.copyOf(caFiles);
        }
    }
}
