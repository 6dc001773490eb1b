package io.swarmedge.proxy.tls;

import static io.swarmedge.proxy.tls.TestCertificates.EC_A;
import static io.swarmedge.proxy.tls.TestCertificates.EC_WILDCARD;
import static io.swarmedge.proxy.tls.TestCertificates.RSA_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SniCertificateSelectorTest {
    private final ServerCertificate fallback = TestCertificates.GENERATOR.defaultCertificate();
    private final SniCertificateSelector selector =
            new SniCertificateSelector(List.of(EC_A, EC_WILDCARD, RSA_A), fallback);

    @Test
    void exactNamesFirstCaseInsensitiveAndWithoutTheTrailingDot() {
        assertThat(selector.select("a.example.com", false)).containsSame(EC_A);
        assertThat(selector.select("A.Example.COM", true)).containsSame(EC_A);
        assertThat(selector.select("a.example.com.", true)).containsSame(EC_A);
    }

    @Test
    void theFirstCertificateWithANameWins() {
        assertThat(new SniCertificateSelector(List.of(RSA_A, EC_A), fallback).select("a.example.com", true))
                .containsSame(RSA_A);
    }

    @Test
    void aWildcardCoversExactlyOneLabel() {
        assertThat(selector.select("x.wild.example.com", true)).containsSame(EC_WILDCARD);
        assertThat(selector.select("wild.example.com", true)).isEmpty();
        assertThat(selector.select("y.x.wild.example.com", true)).isEmpty();
    }

    @Test
    void unknownNamesGetTheDefaultUnlessStrict() {
        assertThat(selector.select("unknown.example.org", false)).containsSame(fallback);
        assertThat(selector.select("unknown.example.org", true)).isEmpty();
        assertThat(selector.select("", false)).containsSame(fallback);
        assertThat(selector.select("", true)).isEmpty();
    }

    @Test
    void theGeneratedDefaultHasNoNameToMatch() {
        assertThat(fallback.names()).containsExactly(CertificateGenerator.DEFAULT_COMMON_NAME.toLowerCase());
        assertThat(fallback.keyType()).isEqualTo(KeyType.EC);
        assertThat(selector.match("swarmedge default cert")).isEmpty();
    }
}
