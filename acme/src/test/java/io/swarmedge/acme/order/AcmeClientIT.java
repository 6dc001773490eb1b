package io.swarmedge.acme.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.challenge.ChallengeResponder;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.store.StoreLayout;
import io.swarmedge.acme.testing.ChallengeServer;
import io.swarmedge.acme.testing.PebbleCa;
import io.swarmedge.acme.testing.Resolvers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orders against a real pebble, answering challenges through the store and a challenge server. */
class AcmeClientIT {
    @TempDir
    static Path temp;

    static PebbleCa ca;
    static DirectoryStore store;
    static ChallengeServer server;

    @BeforeAll
    static void start() throws Exception {
        ca = PebbleCa.start(temp.resolve("pebble"), 0);
        store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());
        server = new ChallengeServer(new ChallengeResponder(store), ca.httpPort, ca.tlsPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (ca != null) {
            ca.close();
        }
    }

    private static AcmeClient client(String name, String email, boolean http, boolean tls) {
        return new AcmeClient(
                Resolvers.settings(Resolvers.resolver(name, ca, email, http, tls), ca),
                store,
                "test-replica",
                Duration.ofSeconds(60));
    }

    @Test
    void issuesByHttp01() throws Exception {
        int before = server.httpAnswers.get();
        CertificateBundle bundle = client("web", "admin@swarmedge.example.com", true, false)
                .order(DomainSet.of("http.swarmedge.example.com", "www.http.swarmedge.example.com"));

        assertThat(bundle.leafNames())
                .containsExactlyInAnyOrder("http.swarmedge.example.com", "www.http.swarmedge.example.com");
        assertThat(bundle.chain()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.httpAnswers.get() - before)
                .as("answers served (pebble validates from several perspectives)")
                .isGreaterThanOrEqualTo(2);
        assertThat(store.list("challenges/"))
                .as("answers withdrawn after validation")
                .isEmpty();
        assertThat(store.load(StoreLayout.account("web"))).isPresent();
    }

    @Test
    void issuesByTlsAlpn01() throws Exception {
        int before = server.alpnAnswers.get();
        CertificateBundle bundle = client("tls", "admin@swarmedge.example.com", false, true)
                .order(DomainSet.of("alpn.swarmedge.example.com"));

        assertThat(bundle.leafNames()).containsExactly("alpn.swarmedge.example.com");
        assertThat(server.alpnAnswers.get() - before).isGreaterThanOrEqualTo(1);
        assertThat(store.list("challenges/")).isEmpty();
    }

    @Test
    void ordersWithTraefiksDefaultKeyType() throws Exception {
        var resolver = Resolvers.resolver("rsa", ca, "admin@swarmedge.example.com", true, false);
        var settings = Resolvers.settings(
                new io.swarmedge.config.staticconfig.AcmeResolver(
                        resolver.name(),
                        resolver.email(),
                        resolver.caServer(),
                        "",
                        "",
                        resolver.certificatesDuration(),
                        "",
                        "",
                        "",
                        java.util.List.of(),
                        "web",
                        false),
                ca);
        assertThat(settings.keyType()).isEqualTo(KeyType.RSA4096);
        CertificateBundle bundle = new AcmeClient(settings, store, "test-replica", Duration.ofSeconds(60))
                .order(DomainSet.of("rsa.swarmedge.example.com"));
        assertThat(bundle.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(((java.security.interfaces.RSAKey) bundle.key()).getModulus().bitLength())
                .isEqualTo(4096);
    }

    @Test
    void anEmailTheCaRefusesIsAnErrorNamingTheKey() {
        assertThatThrownBy(() ->
                        client("refused", "nobody@", true, false).order(DomainSet.of("bad.swarmedge.example.com")))
                .isInstanceOf(AcmeOrderException.class)
                .hasMessageContaining("the CA refused certificatesresolvers.refused.acme.email (\"nobody@\")")
                .hasMessageContaining("invalidContact");
    }

    @Test
    void anEmailThatIsNoAddressIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> client("malformed", "not an address", true, false)
                        .order(DomainSet.of("bad.swarmedge.example.com")))
                .isInstanceOf(AcmeOrderException.class)
                .hasMessageContaining(
                        "certificatesresolvers.malformed.acme.email: \"not an address\" is not a valid e-mail address");
    }
}
