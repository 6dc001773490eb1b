package io.swarmedge.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.acme.testing.TestCertificates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainSetTest {
    @Test
    void namesAreNormalisedAndDeduplicated() {
        DomainSet set = new DomainSet("Example.COM.", List.of("www.example.com", "example.com", "WWW.example.com"));
        assertThat(set.names()).containsExactly("example.com", "www.example.com");
        assertThat(DomainSet.of("*.example.com").id()).isEqualTo("_.example.com");
        assertThat(DomainSet.of("example.com", "www.example.com").id())
                .startsWith("example.com_")
                .isEqualTo(DomainSet.of("example.com", "WWW.example.com").id())
                .isNotEqualTo(DomainSet.of("example.com", "api.example.com").id());
        assertThat(DomainSet.of("a.com", "b.com", "c.com").sameNames(DomainSet.of("a.com", "c.com", "b.com")))
                .isTrue();
        assertThat(DomainSet.of("a.com", "b.com").sameNames(DomainSet.of("b.com", "a.com")))
                .isFalse();
    }

    @Test
    void invalidNamesAreRefused() {
        for (String bad : List.of("", "a..b", "-a.com", "a_b.com", "a.com/x", "*.*.a.com", "x".repeat(64) + ".com")) {
            assertThatThrownBy(() -> DomainSet.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aStoredBundleRoundTripsAndIsVerified() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        CertificateBundle bundle =
                TestCertificates.issue(DomainSet.of("a.example.com", "b.example.com"), now, now.plusSeconds(3600));
        CertificateBundle back = CertificateBundle.fromJson(bundle.toJson());
        assertThat(back.leaf()).isEqualTo(bundle.leaf());
        assertThat(back.domains()).isEqualTo(bundle.domains());

        CertificateBundle other =
                TestCertificates.issue(DomainSet.of("a.example.com", "b.example.com"), now, now.plusSeconds(3600));
        CertificateBundle mismatched = new CertificateBundle(bundle.domains(), bundle.chain(), other.key());
        assertThatThrownBy(() -> CertificateBundle.fromJson(mismatched.toJson()))
                .hasMessageContaining("private key does not belong");
        assertThatThrownBy(() -> CertificateBundle.fromJson("[]".getBytes())).hasMessageContaining("not a JSON object");
    }
}
