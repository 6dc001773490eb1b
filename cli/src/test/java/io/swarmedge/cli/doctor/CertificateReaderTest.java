package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.store.StoreLayout;
import io.swarmedge.acme.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateReaderTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    @Test
    void readsTraefikAcmeJsonAndTheDirectoryStoreBesideIt() throws Exception {
        CertificateBundle soon = TestCertificates.issue(
                DomainSet.of("soon.example", "www.soon.example"),
                NOW.minus(Duration.ofDays(80)),
                NOW.plus(Duration.ofDays(10)));
        ObjectNode acme = Snapshots.JSON.createObjectNode();
        ObjectNode entry = acme.putObject("myresolver").putArray("Certificates").addObject();
        entry.putObject("domain").put("main", "soon.example").putArray("sans").add("www.soon.example");
        entry.put(
                "certificate",
                Base64.getEncoder().encodeToString(soon.chainPem().getBytes(StandardCharsets.US_ASCII)));
        entry.put("key", "irrelevant");
        acme.withObjectProperty("other").putArray("Certificates").addObject().put("certificate", "bm90IHBlbQ==");
        Path file = dir.resolve("acme.json");
        Files.writeString(file, acme.toString());

        CertificateBundle stored = TestCertificates.issue(
                DomainSet.of("stored.example"), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(89)));
        try (DirectoryStore store = DirectoryStore.open(dir.resolve("swarmedge-acme"), Clock.systemUTC())) {
            store.store(StoreLayout.certificate("le", stored.domains()), stored.toJson());
        }

        List<CertificateInfo> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        CertificateReader.traefikFile(file, found, problems);

        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("acme.json myresolver soon.example");
            assertThat(c.domains()).containsExactly("soon.example", "www.soon.example");
            assertThat(c.notAfter()).isEqualTo(soon.notAfter());
        });
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).startsWith("acme.json other ?"));

        CertificateReader reader = new CertificateReader(
                new CertificateReader.Sources(
                        "swarmedge-acme-", java.util.Optional.empty(), java.util.Optional.of(file)),
                Clock.systemUTC());
        List<CertificateInfo> all = new ArrayList<>();
        List<String> allProblems = new ArrayList<>();
        List<String> looked = new ArrayList<>();
        reader.storage(file, looked, all, allProblems);
        assertThat(looked)
                .containsExactly(file.toString(), dir.resolve("swarmedge-acme").toString());
        assertThat(all)
                .extracting(CertificateInfo::name)
                .containsExactly("acme.json myresolver soon.example", "certificates/le/stored.example");
    }

    @Test
    void aMissingStoragePathIsAProblemNotACrash() {
        CertificateReader reader = new CertificateReader(
                new CertificateReader.Sources(
                        "swarmedge-acme-", java.util.Optional.empty(), java.util.Optional.empty()),
                Clock.systemUTC());
        List<String> problems = new ArrayList<>();
        reader.storage(dir.resolve("nope"), new ArrayList<>(), new ArrayList<>(), problems);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("no such directory or acme.json"));
        assertThat(dir.resolve("nope")).doesNotExist();
    }
}
