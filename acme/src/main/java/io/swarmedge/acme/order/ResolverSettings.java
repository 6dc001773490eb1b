package io.swarmedge.acme.order;

import io.swarmedge.acme.Pem;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A certificate resolver's settings, checked and ready for ordering: what {@link AcmeResolver} says,
 * with the CA files read and the key type parsed.
 *
 * @param name the resolver's name
 * @param email account contact (may be empty: the CA decides whether it needs one)
 * @param caServer the directory URL
 * @param keyType type of certificate keys
 * @param certificatesDuration the lifetime Traefik assumes; renewal starts in the last third of the
 *     shorter of this and the certificate's real lifetime
 * @param preferredChain issuer common name of the preferred chain, or empty
 * @param eabKid external account binding key id, or empty
 * @param eabHmac external account binding key (base64url), or empty
 * @param trustedCas extra CAs trusted for the ACME server's HTTPS (caCertificates, LEGO_CA_CERTIFICATES)
 * @param http01 answer HTTP-01 challenges
 * @param tlsAlpn01 answer TLS-ALPN-01 challenges
 */
public record ResolverSettings(
        String name,
        String email,
        URI caServer,
        KeyType keyType,
        Duration certificatesDuration,
        String preferredChain,
        String eabKid,
        String eabHmac,
        List<X509Certificate> trustedCas,
        boolean http01,
        boolean tlsAlpn01) {
    /** Traefik's environment variable naming CA files trusted for the ACME server. */
    public static final String LEGO_CA_CERTIFICATES = "LEGO_CA_CERTIFICATES";

    public ResolverSettings {
        trustedCas = List.copyOf(trustedCas);
    }

    /**
     * Checks a resolver's static configuration.
     *
     * @param environment the process environment ({@code LEGO_CA_CERTIFICATES})
     * @throws AcmeConfigException naming the key ({@code certificatesresolvers.<r>.acme.<field>})
     */
    public static ResolverSettings from(AcmeResolver resolver, Map<String, String> environment) {
        String prefix = "certificatesresolvers." + resolver.name() + ".acme.";
        URI ca;
        try {
            ca = new URI(
                    resolver.caServer().isBlank()
                            ? AcmeResolver.LETS_ENCRYPT
                            : resolver.caServer().strip());
            if (!"https".equals(ca.getScheme()) && !"http".equals(ca.getScheme()) || ca.getHost() == null) {
                throw new URISyntaxException(ca.toString(), "not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new AcmeConfigException(prefix + "caServer: \"" + resolver.caServer() + "\": " + e.getMessage(), e);
        }
        if (resolver.httpChallengeEntryPoint().isBlank() && !resolver.tlsChallenge()) {
            throw new AcmeConfigException(prefix + "httpChallenge.entryPoint or " + prefix
                    + "tlsChallenge: the resolver has no challenge it can answer (DNS-01 is not supported)");
        }
        if (resolver.eabKid().isBlank() != resolver.eabHmacEncoded().isBlank()) {
            throw new AcmeConfigException(prefix + "eab.kid and " + prefix + "eab.hmacEncoded must be given together");
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (String file : resolver.caCertificates()) {
            cas.addAll(readCas(file, prefix + "caCertificates"));
        }
        String lego = Optional.ofNullable(environment.get(LEGO_CA_CERTIFICATES)).orElse("");
        for (String file : lego.split("[,:]")) {
            if (!file.isBlank()) {
                cas.addAll(readCas(file.strip(), LEGO_CA_CERTIFICATES));
            }
        }
        Duration duration = resolver.certificatesDuration();
        if (duration.isNegative() || duration.isZero()) {
            throw new AcmeConfigException(prefix + "certificatesDuration: must be positive (hours)");
        }
        return new ResolverSettings(
                resolver.name(),
                resolver.email().strip(),
                ca,
                KeyType.parse(resolver.keyType(), prefix + "keyType"),
                duration,
                resolver.preferredChain().strip(),
                resolver.eabKid().strip(),
                resolver.eabHmacEncoded().strip(),
                cas,
                !resolver.httpChallengeEntryPoint().isBlank(),
                resolver.tlsChallenge());
    }

    /** The configuration key of one of this resolver's fields, for error messages. */
    public String key(String field) {
        return "certificatesresolvers." + name + ".acme." + field;
    }

    private static List<X509Certificate> readCas(String file, String key) {
        try {
            Path path = Path.of(file);
            if (Files.size(path) > Pem.MAX_PEM_CHARS) {
                throw new AcmeConfigException(key + ": " + file + " is too large for a CA file");
            }
            return Pem.certificates(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new AcmeConfigException(
                    key + ": cannot read CA certificates from " + file + ": " + e.getMessage(), e);
        }
    }
}
