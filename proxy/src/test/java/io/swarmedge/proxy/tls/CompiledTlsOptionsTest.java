package io.swarmedge.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.ClientAuth;
import io.swarmedge.config.dynamic.TlsOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledTlsOptionsTest {
    /** The seed's default-tls-options.yml. */
    static final TlsOptions SEED = new TlsOptions(
            "VersionTLS12",
            "",
            List.of(
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            List.of(),
            true,
            List.of("h2", "http/1.1", "acme-tls/1"),
            TlsOptions.ClientAuth.NONE);

    private static TlsOptions options(String min, String max, List<String> ciphers, List<String> curves) {
        return new TlsOptions(min, max, ciphers, curves, false, List.of("h2", "http/1.1"), TlsOptions.ClientAuth.NONE);
    }

    @Test
    void theSeedsOptions() {
        CompiledTlsOptions seed = CompiledTlsOptions.compile("default", SEED);
        assertThat(seed.versions()).containsExactly(TlsVersion.TLS12, TlsVersion.TLS13);
        assertThat(seed.enabledCipherNames())
                .containsExactly(
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_AES_128_GCM_SHA256",
                        "TLS_AES_256_GCM_SHA384",
                        "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(seed.sniStrict()).isTrue();
        assertThat(seed.alpnProtocols()).containsExactly("h2", "http/1.1", "acme-tls/1");
        assertThat(seed.clientAuth().nettyMode()).isEqualTo(ClientAuth.NONE);
    }

    @Test
    void theSeedsRsaOnlySuitesWithAnEcKeyAreWarnedAbout() {
        CompiledTlsOptions seed = CompiledTlsOptions.compile("default", SEED);
        assertThat(seed.warningsFor(TestCertificates.RSA_A)).isEmpty();
        assertThat(seed.warningsFor(TestCertificates.EC_A))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(
                        "event=tls_cipher_key_mismatch",
                        "options=default",
                        "key_type=EC",
                        "TLS 1.3 clients are unaffected");
        CompiledTlsOptions tls12Only = CompiledTlsOptions.compile(
                "old",
                new TlsOptions(
                        "VersionTLS12",
                        "VersionTLS12",
                        SEED.cipherSuites(),
                        List.of(),
                        false,
                        List.of(),
                        TlsOptions.ClientAuth.NONE));
        assertThat(tls12Only.warningsFor(TestCertificates.EC_A))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("every handshake will fail");
    }

    @Test
    void defaultsAreTls12And13WithForwardSecretAeadSuites() {
        CompiledTlsOptions defaults = CompiledTlsOptions.compile("default", TlsOptions.DEFAULT);
        assertThat(defaults.versions()).containsExactly(TlsVersion.TLS12, TlsVersion.TLS13);
        assertThat(defaults.tls12Suites()).isEqualTo(CompiledTlsOptions.DEFAULT_TLS12_SUITES);
        assertThat(defaults.tls12Suites())
                .allMatch(s -> s.name().contains("ECDHE") && !s.name().contains("CBC"));
        assertThat(defaults.warningsFor(TestCertificates.EC_A)).isEmpty();
        assertThat(defaults.warningsFor(TestCertificates.RSA_A)).isEmpty();
    }

    @Test
    void versionsRange() {
        assertThat(CompiledTlsOptions.compile("o", options("VersionTLS13", "", List.of(), List.of()))
                        .enabledCipherNames())
                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(CompiledTlsOptions.compile("o", options("VersionTLS10", "VersionTLS12", List.of(), List.of()))
                        .versions())
                .containsExactly(TlsVersion.TLS10, TlsVersion.TLS11, TlsVersion.TLS12);
        assertThatThrownBy(() ->
                        CompiledTlsOptions.compile("o", options("VersionTLS13", "VersionTLS12", List.of(), List.of())))
                .hasMessageContaining("tls.options.o.maxVersion");
        assertThatThrownBy(() -> CompiledTlsOptions.compile("o", options("VersionTLS14", "", List.of(), List.of())))
                .hasMessageContaining("tls.options.o.minVersion: unknown TLS version \"VersionTLS14\"");
    }

    @Test
    void cipherNamesGoAliasesAndUnknowns() {
        CompiledTlsOptions o = CompiledTlsOptions.compile(
                "o",
                options(
                        "",
                        "",
                        List.of(
                                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
                                "TLS_FALLBACK_SCSV",
                                "TLS_AES_128_GCM_SHA256"),
                        List.of()));
        assertThat(o.tls12Suites()).containsExactly(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
        assertThatThrownBy(() -> CompiledTlsOptions.compile("o", options("", "", List.of("TLS_MADE_UP"), List.of())))
                .isInstanceOf(TlsConfigurationException.class)
                .hasMessage("tls.options.o.cipherSuites: unknown cipher suite \"TLS_MADE_UP\"");
    }

    @Test
    void curvesMapToGroupNames() {
        CompiledTlsOptions o = CompiledTlsOptions.compile(
                "o", options("", "", List.of(), List.of("X25519", "CurveP256", "CurveP384", "CurveP521", "secp256r1")));
        assertThat(o.curves().stream().map(CurvePreference::groupName))
                .containsExactly("X25519", "P-256", "P-384", "P-521", "P-256");
        assertThatThrownBy(() -> CompiledTlsOptions.compile("o", options("", "", List.of(), List.of("CurveP999"))))
                .hasMessageContaining("tls.options.o.curvePreferences: unknown curve");
    }

    @Test
    void clientAuthModes() {
        String caPem = TestCertificates.chainPem(TestCertificates.CA);
        for (var expected : List.of(
                new Object[] {"NoClientCert", ClientAuth.NONE, false},
                new Object[] {"RequestClientCert", ClientAuth.OPTIONAL, false},
                new Object[] {"RequireAnyClientCert", ClientAuth.REQUIRE, false},
                new Object[] {"VerifyClientCertIfGiven", ClientAuth.OPTIONAL, true},
                new Object[] {"RequireAndVerifyClientCert", ClientAuth.REQUIRE, true})) {
            CompiledTlsOptions o = CompiledTlsOptions.compile(
                    "m",
                    new TlsOptions(
                            "",
                            "",
                            List.of(),
                            List.of(),
                            false,
                            List.of(),
                            new TlsOptions.ClientAuth(List.of(caPem), (String) expected[0])));
            assertThat(o.clientAuth().nettyMode()).as("%s", expected[0]).isEqualTo(expected[1]);
            assertThat(o.clientAuth().verifies()).isEqualTo(expected[2]);
            assertThat(o.clientCas()).hasSize(1);
        }
        assertThatThrownBy(() -> CompiledTlsOptions.compile(
                        "m",
                        new TlsOptions(
                                "",
                                "",
                                List.of(),
                                List.of(),
                                false,
                                List.of(),
                                new TlsOptions.ClientAuth(List.of(), "RequireAndVerifyClientCert"))))
                .hasMessageContaining("tls.options.m.clientAuth.caFiles: required");
        assertThatThrownBy(() -> CompiledTlsOptions.compile(
                        "m",
                        new TlsOptions(
                                "",
                                "",
                                List.of(),
                                List.of(),
                                false,
                                List.of(),
                                new TlsOptions.ClientAuth(
                                        List.of("/nonexistent/ca.pem"), "RequireAndVerifyClientCert"))))
                .hasMessageContaining("tls.options.m.clientAuth.caFiles[0]: cannot read file /nonexistent/ca.pem");
    }
}
