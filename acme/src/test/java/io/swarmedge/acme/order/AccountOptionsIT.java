package io.swarmedge.acme.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.challenge.ChallengeResponder;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.testing.ChallengeServer;
import io.swarmedge.acme.testing.PebbleCa;
import io.swarmedge.acme.testing.Resolvers;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External account binding and preferred chains against pebble. */
class AccountOptionsIT {
    private static final String KID = "kid-1";
    private static final String HMAC = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    @TempDir
    Path temp;

    private static AcmeResolver resolver(String name, PebbleCa ca, String kid, String hmac, String preferredChain) {
        return new AcmeResolver(
                name,
                "admin@swarmedge.example.com",
                ca.directoryUrl(),
                "",
                "EC256",
                Duration.ofHours(2160),
                preferredChain,
                kid,
                hmac,
                List.of(),
                "web",
                false);
    }

    @Test
    void externalAccountBinding() throws Exception {
        try (PebbleCa ca = PebbleCa.start(temp.resolve("pebble"), 0, Map.of(KID, HMAC), 0);
                DirectoryStore store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());
                ChallengeServer server = new ChallengeServer(new ChallengeResponder(store), ca.httpPort, ca.tlsPort)) {
            AcmeClient without = new AcmeClient(
                    Resolvers.settings(resolver("noeab", ca, "", "", ""), ca), store, "a", Duration.ofSeconds(30));
            assertThatThrownBy(() -> without.order(DomainSet.of("eab.swarmedge.example.com")))
                    .isInstanceOf(AcmeOrderException.class)
                    .hasMessageContaining("certificatesresolvers.noeab.acme.eab.kid");

            AcmeClient with = new AcmeClient(
                    Resolvers.settings(resolver("eab", ca, KID, HMAC, ""), ca), store, "a", Duration.ofSeconds(30));
            assertThat(with.order(DomainSet.of("eab.swarmedge.example.com")).leafNames())
                    .containsExactly("eab.swarmedge.example.com");
        }
    }

    @Test
    void preferredChainPicksTheAlternateRoot() throws Exception {
        try (PebbleCa ca = PebbleCa.start(temp.resolve("pebble"), 0, Map.of(), 1);
                DirectoryStore store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());
                ChallengeServer server = new ChallengeServer(new ChallengeResponder(store), ca.httpPort, ca.tlsPort)) {
            String defaultRoot = ca.rootName(0);
            String alternateRoot = ca.rootName(1);
            assertThat(alternateRoot).isNotEqualTo(defaultRoot);

            CertificateBundle plain = new AcmeClient(
                            Resolvers.settings(resolver("plain", ca, "", "", ""), ca),
                            store,
                            "a",
                            Duration.ofSeconds(30))
                    .order(DomainSet.of("chain.swarmedge.example.com"));
            CertificateBundle preferred = new AcmeClient(
                            Resolvers.settings(resolver("preferred", ca, "", "", alternateRoot), ca),
                            store,
                            "a",
                            Duration.ofSeconds(30))
                    .order(DomainSet.of("chain.swarmedge.example.com"));

            assertThat(topIssuer(plain)).isEqualTo(defaultRoot);
            assertThat(topIssuer(preferred)).isEqualTo(alternateRoot);
        }
    }

    private static String topIssuer(CertificateBundle bundle) {
        X509Certificate top = bundle.chain().getLast();
        return top.getIssuerX500Principal().getName().replaceFirst("^CN=", "");
    }
}
