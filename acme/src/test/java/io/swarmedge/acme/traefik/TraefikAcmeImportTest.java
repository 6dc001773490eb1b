package io.swarmedge.acme.traefik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.Demand;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.order.AcmeClient;
import io.swarmedge.acme.order.KeyType;
import io.swarmedge.acme.order.ResolverSettings;
import io.swarmedge.acme.renewal.CertificateKeeper;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.store.StoreLayout;
import io.swarmedge.acme.testing.Keepers;
import io.swarmedge.acme.testing.TestCertificates;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraefikAcmeImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CA = "https://127.0.0.1:1/dir";

    @TempDir
    Path temp;

    private final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Traefik keeps the account key as PKCS#1 / SEC1 DER. */
    private static String traditionalDer(KeyPair pair) throws Exception {
        return Base64.getEncoder()
                .encodeToString(PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
                        .parsePrivateKey()
                        .toASN1Primitive()
                        .getEncoded());
    }

    private static ObjectNode certificate(CertificateBundle bundle) {
        ObjectNode c = JSON.createObjectNode();
        ObjectNode domain = c.putObject("domain");
        domain.put("main", bundle.domains().main());
        ArrayNode sans = domain.putArray("sans");
        bundle.domains().sans().forEach(sans::add);
        c.put("certificate", b64(bundle.chainPem()));
        c.put("key", b64(bundle.keyPem()));
        c.put("Store", "default");
        return c;
    }

    private Path acmeJson(KeyPair accountKey, List<ObjectNode> certificates) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode resolver = root.putObject("myresolver");
        ObjectNode account = resolver.putObject("Account");
        account.put("Email", "admin@example.com");
        account.putObject("Registration")
                .put("uri", "https://acme.example/acct/42")
                .putObject("body")
                .put("status", "valid");
        account.put("PrivateKey", traditionalDer(accountKey));
        account.put("KeyType", "4096");
        ArrayNode list = resolver.putArray("Certificates");
        certificates.forEach(list::add);
        return Files.write(temp.resolve("acme.json"), JSON.writeValueAsBytes(root));
    }

    @Test
    void importsCertificatesAndTheAccountAndServesThemWithoutOrdering() throws Exception {
        CertificateBundle site = TestCertificates.issue(
                DomainSet.of("example.com", "www.example.com"), now.minusSeconds(60), now.plus(Duration.ofDays(80)));
        CertificateBundle wildcard = TestCertificates.issue(
                DomainSet.of("*.example.org"), now.minusSeconds(60), now.plus(Duration.ofDays(80)));
        Path file = acmeJson(KeyType.RSA2048.generate(), List.of(certificate(site), certificate(wildcard)));
        DirectoryStore store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());

        TraefikAcmeImport.Report report = TraefikAcmeImport.importFile(file, store, Map.of("myresolver", CA));

        assertThat(report.skipped()).isEmpty();
        assertThat(report.certificates()).isEqualTo(2);
        assertThat(report.accounts()).isEqualTo(1);
        assertThat(store.list("certificates/myresolver/")).hasSize(2);
        String account =
                new String(store.load(StoreLayout.account("myresolver")).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(account)
                .contains("https://acme.example/acct/42")
                .contains(CA)
                .contains("admin@example.com");

        // the keeper serves the imported certificate: no order (the CA here is unreachable anyway)
        AcmeResolver resolver = new AcmeResolver(
                "myresolver",
                "admin@example.com",
                CA,
                "",
                "",
                Duration.ofHours(2160),
                "",
                "",
                "",
                List.of(),
                "web",
                false);
        AcmeClient client =
                new AcmeClient(ResolverSettings.from(resolver, Map.of()), store, "a", Duration.ofSeconds(5));
        var recorder = new Keepers.Recorder();
        try (CertificateKeeper keeper = new CertificateKeeper(
                        store,
                        Map.of("myresolver", client),
                        Keepers.fast("a"),
                        Clock.systemUTC(),
                        new Random(1),
                        recorder)
                .start()) {
            keeper.demand(Set.of(new Demand("myresolver", DomainSet.of("example.com", "www.example.com"))));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !recorder.last().certificates().isEmpty());
            assertThat(recorder.last().certificates().getFirst().bundle().leaf())
                    .isEqualTo(site.leaf());
            assertThat(keeper.ordersPlaced()).isZero();
        }
    }

    @Test
    void badEntriesAreReportedByNameAndNotStored() throws Exception {
        CertificateBundle good = TestCertificates.issue(
                DomainSet.of("good.example.com"), now.minusSeconds(60), now.plus(Duration.ofDays(80)));
        CertificateBundle other = TestCertificates.issue(
                DomainSet.of("other.example.com"), now.minusSeconds(60), now.plus(Duration.ofDays(80)));
        ObjectNode wrongKey = certificate(good);
        wrongKey.put("key", b64(other.keyPem()));
        ObjectNode wrongName = certificate(other);
        ((ObjectNode) wrongName.get("domain")).put("main", "victim.example.com");
        ObjectNode notBase64 = certificate(good);
        notBase64.put("certificate", "%%%");
        Path file = acmeJson(KeyType.EC256.generate(), List.of(wrongKey, wrongName, notBase64, certificate(good)));
        DirectoryStore store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());

        TraefikAcmeImport.Report report = TraefikAcmeImport.importFile(file, store, Map.of());

        assertThat(report.certificates()).isEqualTo(1);
        assertThat(report.accounts()).isZero();
        assertThat(report.skipped())
                .containsExactly(
                        "acme.json: resolver \"myresolver\" Certificates[0] (good.example.com): the private key does not belong to the certificate",
                        "acme.json: resolver \"myresolver\" Certificates[1] (victim.example.com): the certificate does not name victim.example.com (it names [other.example.com])",
                        "acme.json: resolver \"myresolver\" Certificates[2] (good.example.com): certificate is not base64");
        assertThat(store.list("certificates/"))
                .containsExactly(StoreLayout.certificate("myresolver", DomainSet.of("good.example.com")));
    }

    @Test
    void aFileThatIsNotAcmeJsonIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("acme.json"), "[1, 2]");
        assertThatThrownBy(() -> TraefikAcmeImport.importFile(
                        file, DirectoryStore.open(temp.resolve("s"), Clock.systemUTC()), Map.of()))
                .hasMessageContaining("acme.json: not a Traefik acme.json");
    }
}
