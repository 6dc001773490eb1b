package io.swarmedge.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.order.ResolverSettings;
import io.swarmedge.acme.renewal.CertificateStatus;
import io.swarmedge.acme.testing.ChallengeServer;
import io.swarmedge.acme.testing.Keepers;
import io.swarmedge.acme.testing.PebbleCa;
import io.swarmedge.acme.testing.TestCertificates;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole ACME side as the proxy wires it: Traefik's static settings (storage = an existing
 * acme.json, LEGO_CA_CERTIFICATES for pebble's root), demands in, certificates and challenge answers out.
 */
class AcmeCertificatesIT {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificatesIT.class);

    @TempDir
    Path temp;

    @Test
    void migratesFromTraefikAndOrdersWhatIsMissing() throws Exception {
        Instant now = Instant.now();
        CertificateBundle migrated = TestCertificates.issue(
                DomainSet.of("old.swarmedge.example.com"), now.minusSeconds(60), now.plus(Duration.ofDays(60)));
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode cert = root.putObject("myresolver").putArray("Certificates").addObject();
        cert.putObject("domain").put("main", "old.swarmedge.example.com");
        cert.put(
                "certificate",
                Base64.getEncoder().encodeToString(migrated.chainPem().getBytes(StandardCharsets.US_ASCII)));
        cert.put("key", Base64.getEncoder().encodeToString(migrated.keyPem().getBytes(StandardCharsets.US_ASCII)));
        Files.createDirectories(temp.resolve("letsencrypt"));
        Path acmeJson = Files.write(temp.resolve("letsencrypt/acme.json"), json.writeValueAsBytes(root));

        try (PebbleCa ca = PebbleCa.start(temp.resolve("pebble"), 0)) {
            AcmeResolver resolver = new AcmeResolver(
                    "myresolver",
                    "admin@swarmedge.example.com",
                    ca.directoryUrl(),
                    acmeJson.toString(),
                    "EC256",
                    Duration.ofHours(2160),
                    "",
                    "",
                    "",
                    List.of(),
                    "web",
                    false);
            var recorder = new Keepers.Recorder();
            var settings = new AcmeCertificates.Settings(
                    "replica-1",
                    java.net.URI.create("unix:///var/run/docker.sock"),
                    AcmeCertificates.Settings.DEFAULT_KEY_FILE,
                    Map.of(ResolverSettings.LEGO_CA_CERTIFICATES, ca.caFile().toString()));
            try (AcmeCertificates acme = AcmeCertificates.start(Map.of("myresolver", resolver), settings, recorder);
                    ChallengeServer server = new ChallengeServer(acme.responder(), ca.httpPort, ca.tlsPort)) {
                long started = System.nanoTime();
                acme.demand(Set.of(
                        new Demand("myresolver", DomainSet.of("old.swarmedge.example.com")),
                        new Demand("myresolver", DomainSet.of("new.swarmedge.example.com"))));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> recorder.last()
                                .byName()
                                .keySet()
                                .containsAll(Set.of("old.swarmedge.example.com", "new.swarmedge.example.com")));
                LOG.info(
                        "figure=demand-to-certificate-with-account-registration-ms value={}",
                        (System.nanoTime() - started) / 1_000_000);

                assertThat(recorder.last()
                                .forName("old.swarmedge.example.com")
                                .orElseThrow()
                                .bundle()
                                .leaf())
                        .isEqualTo(migrated.leaf());
                assertThat(acme.keeper().ordersPlaced()).isEqualTo(1);
                assertThat(acme.status())
                        .extracting(CertificateStatus::state)
                        .containsOnly(CertificateStatus.State.VALID);
                assertThat(temp.resolve("letsencrypt/swarmedge-acme/certificates/myresolver"))
                        .isDirectory();
                assertThat(Files.readAllBytes(acmeJson))
                        .as("Traefik's file is left alone")
                        .isEqualTo(json.writeValueAsBytes(root));
            }
        }
    }
}
