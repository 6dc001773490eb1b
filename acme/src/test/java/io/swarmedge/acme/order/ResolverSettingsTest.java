package io.swarmedge.acme.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.staticconfig.AcmeResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverSettingsTest {
    private static AcmeResolver resolver(String caServer, String keyType, String http, boolean tls, List<String> cas) {
        return new AcmeResolver(
                "myresolver",
                "a@example.com",
                caServer,
                "acme.json",
                keyType,
                Duration.ofHours(2160),
                "",
                "",
                "",
                cas,
                http,
                tls);
    }

    @Test
    void defaultsAreTraefiks() {
        ResolverSettings s = ResolverSettings.from(resolver("", "", "web", false, List.of()), Map.of());
        assertThat(s.keyType()).isEqualTo(KeyType.RSA4096);
        assertThat(s.caServer().toString()).isEqualTo(AcmeResolver.LETS_ENCRYPT);
        assertThat(s.http01()).isTrue();
        assertThat(s.tlsAlpn01()).isFalse();
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> ResolverSettings.from(resolver("", "RSA1024", "web", false, List.of()), Map.of()))
                .hasMessageContaining("certificatesresolvers.myresolver.acme.keyType: unknown key type \"RSA1024\"");
        assertThatThrownBy(() -> ResolverSettings.from(resolver("ftp://x", "", "web", false, List.of()), Map.of()))
                .hasMessageContaining("certificatesresolvers.myresolver.acme.caServer");
        assertThatThrownBy(() -> ResolverSettings.from(resolver("", "", "", false, List.of()), Map.of()))
                .hasMessageContaining("certificatesresolvers.myresolver.acme.httpChallenge.entryPoint");
        assertThatThrownBy(() ->
                        ResolverSettings.from(resolver("", "", "web", false, List.of("/nonexistent/ca.pem")), Map.of()))
                .hasMessageContaining(
                        "certificatesresolvers.myresolver.acme.caCertificates: cannot read CA certificates from /nonexistent/ca.pem");
        assertThatThrownBy(() -> ResolverSettings.from(
                        resolver("", "", "web", false, List.of()),
                        Map.of("LEGO_CA_CERTIFICATES", "/nonexistent/lego.pem")))
                .hasMessageContaining("LEGO_CA_CERTIFICATES: cannot read CA certificates from /nonexistent/lego.pem");
    }

    @Test
    void everyKeyTypeMakesKeys() {
        assertThat(KeyType.parse("ec384", "k").generate().getPublic().getAlgorithm())
                .isEqualTo("EC");
        assertThat(KeyType.parse("RSA2048", "k").generate().getPublic().getAlgorithm())
                .isEqualTo("RSA");
    }
}
