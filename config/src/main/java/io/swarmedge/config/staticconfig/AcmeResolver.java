package io.swarmedge.config.staticconfig;

import java.time.Duration;
import java.util.List;

/**
 * {@code certificatesResolvers.<name>.acme}.
 *
 * @param email account contact
 * @param caServer directory URL (default Let's Encrypt production)
 * @param storage where certificates live: a file path like Traefik's {@code acme.json} (its
 *     directory is used), a directory, or {@code swarm://} for the Swarm config store
 * @param keyType RSA2048, RSA4096 (default, as Traefik), RSA8192, EC256, EC384
 * @param certificatesDuration certificate lifetime in hours as the CA issues them (default 2160)
 * @param preferredChain issuer common name of the preferred chain, or empty
 * @param eabKid external account binding key id, or empty
 * @param eabHmacEncoded external account binding key (base64url), or empty
 * @param caCertificates PEM files of CAs trusted for the ACME server (also LEGO_CA_CERTIFICATES)
 * @param httpChallengeEntryPoint entrypoint answering HTTP-01, empty = no HTTP-01
 * @param tlsChallenge answer TLS-ALPN-01
 */
public record AcmeResolver(
        String name,
        String email,
        String caServer,
        String storage,
        String keyType,
        Duration certificatesDuration,
        String preferredChain,
        String eabKid,
        String eabHmacEncoded,
        List<String> caCertificates,
        String httpChallengeEntryPoint,
        boolean tlsChallenge) {
    public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

    public AcmeResolver {
        caCertificates = List.copyOf(caCertificates);
    }
}
