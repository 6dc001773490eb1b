package io.swarmedge.proxy.tls;

import static io.swarmedge.proxy.tls.TestCertificates.EC_A;
import static io.swarmedge.proxy.tls.TestCertificates.EC_WILDCARD;
import static io.swarmedge.proxy.tls.TestCertificates.RSA_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.swarmedge.config.dynamic.CertificateSource;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.dynamic.TlsOptions;
import io.swarmedge.config.dynamic.TlsStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real TLS handshakes on loopback between a Netty client and {@link TlsContexts}. */
class TlsHandshakeTest {
    @TempDir
    Path dir;

    private CertificateSource source(ServerCertificate certificate, String name) throws Exception {
        return new CertificateSource(
                TestCertificates.write(dir, name + ".crt", TestCertificates.chainPem(certificate))
                        .toString(),
                TestCertificates.write(dir, name + ".key", TestCertificates.pkcs8KeyPem(certificate))
                        .toString(),
                List.of());
    }

    private static SslContextBuilder client() {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE);
    }

    private static SslContext client(String protocol, String... ciphers) throws SSLException {
        SslContextBuilder builder = client().protocols(protocol);
        if (ciphers.length > 0) {
            builder.ciphers(List.of(ciphers));
        }
        return builder.build();
    }

    private static SslContext alpnClient(String... protocols) throws SSLException {
        return client().applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        protocols))
                .build();
    }

    private TlsContexts contexts(Map<String, TlsOptions> options, TlsEngine engine, ServerCertificate... certs)
            throws Exception {
        List<CertificateSource> sources = new java.util.ArrayList<>();
        for (int i = 0; i < certs.length; i++) {
            sources.add(source(certs[i], "c" + i));
        }
        return TlsContexts.build(
                new TlsConfig(options, sources, Map.of()),
                TlsContexts.Selection.defaults(),
                TestCertificates.GENERATOR,
                engine);
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void sniPicksExactWildcardOrDefault(TlsEngine engine) throws Exception {
        TlsContexts contexts = contexts(Map.of(), engine, EC_A, EC_WILDCARD);
        assertThat(contexts.problems()).isEmpty();
        assertThat(contexts.engine()).isEqualTo(engine);
        try (Handshakes server = new Handshakes(contexts)) {
            SslContext client = client().build();
            assertThat(server.handshake(client, "a.example.com").peer()).isEqualTo(EC_A.leaf());
            assertThat(server.handshake(client, "x.wild.example.com").peer()).isEqualTo(EC_WILDCARD.leaf());
            var unknown = server.handshake(client, "other.example.org");
            assertThat(unknown.ok()).isTrue();
            assertThat(unknown.peer())
                    .isEqualTo(contexts.selector().defaultCertificate().leaf());
            assertThat(server.handshake(client, "").peer())
                    .isEqualTo(contexts.selector().defaultCertificate().leaf());
        }
    }

    @Test
    void sniStrictRefusesUnknownNamesAndHandshakesWithoutSni() throws Exception {
        TlsOptions strict = new TlsOptions("", "", List.of(), List.of(), true, List.of(), TlsOptions.ClientAuth.NONE);
        TlsContexts contexts = contexts(Map.of("default", strict), TlsEngine.preferred(), EC_A);
        try (Handshakes server = new Handshakes(contexts)) {
            SslContext client = client().build();
            assertThat(server.handshake(client, "a.example.com").ok()).isTrue();
            assertThat(server.handshake(client, "other.example.org").ok()).isFalse();
            assertThat(server.handshake(client, "").ok()).isFalse();
        }
    }

    @Test
    void versionLimits() throws Exception {
        TlsOptions tls12Only = new TlsOptions(
                "VersionTLS12", "VersionTLS12", List.of(), List.of(), false, List.of(), TlsOptions.ClientAuth.NONE);
        try (Handshakes server = new Handshakes(contexts(Map.of("default", tls12Only), TlsEngine.preferred(), EC_A))) {
            assertThat(server.handshake(client("TLSv1.2"), "a.example.com").protocol())
                    .isEqualTo("TLSv1.2");
            assertThat(server.handshake(client("TLSv1.3"), "a.example.com").ok())
                    .isFalse();
        }
        TlsOptions tls13Only =
                new TlsOptions("VersionTLS13", "", List.of(), List.of(), false, List.of(), TlsOptions.ClientAuth.NONE);
        try (Handshakes server = new Handshakes(contexts(Map.of("default", tls13Only), TlsEngine.preferred(), EC_A))) {
            assertThat(server.handshake(client("TLSv1.3"), "a.example.com").protocol())
                    .isEqualTo("TLSv1.3");
            assertThat(server.handshake(client("TLSv1.2"), "a.example.com").ok())
                    .isFalse();
        }
        try (Handshakes server = new Handshakes(contexts(Map.of(), TlsEngine.preferred(), EC_A))) {
            assertThat(server.handshake(client().build(), "a.example.com").protocol())
                    .isEqualTo("TLSv1.3");
            // Traefik's default minimum is TLS 1.2: TLS 1.1 is refused
            assertThat(server.handshake(client("TLSv1.1"), "a.example.com").ok())
                    .isFalse();
        }
    }

    @Test
    void theSeedsCipherSuitesWithAnRsaCertificate() throws Exception {
        TlsContexts contexts = contexts(Map.of("default", CompiledTlsOptionsTest.SEED), TlsEngine.preferred(), RSA_A);
        assertThat(contexts.warnings()).isEmpty();
        try (Handshakes server = new Handshakes(contexts)) {
            assertThat(server.handshake(client("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), "a.example.com")
                            .cipherSuite())
                    .isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
            // not in the seed's list
            assertThat(server.handshake(client("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), "a.example.com")
                            .ok())
                    .isFalse();
            assertThat(server.handshake(client("TLSv1.3"), "a.example.com").protocol())
                    .isEqualTo("TLSv1.3");
        }
    }

    @Test
    void theSeedsRsaSuitesWithAnEcCertificateAreWarnedAboutAndFailOnlyTls12() throws Exception {
        TlsContexts contexts = contexts(Map.of("default", CompiledTlsOptionsTest.SEED), TlsEngine.preferred(), EC_A);
        assertThat(contexts.warnings())
                .anySatisfy(w -> assertThat(w).contains("event=tls_cipher_key_mismatch", "key_type=EC"));
        try (Handshakes server = new Handshakes(contexts)) {
            assertThat(server.handshake(client("TLSv1.2"), "a.example.com").ok())
                    .isFalse();
            var tls13 = server.handshake(client("TLSv1.3"), "a.example.com");
            assertThat(tls13.ok()).as("TLS 1.3 handshake: %s", tls13.failure()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void alpnPrefersH2AndFollowsTheOptions(TlsEngine engine) throws Exception {
        try (Handshakes server = new Handshakes(contexts(Map.of(), engine, EC_A))) {
            assertThat(server.handshake(alpnClient("h2", "http/1.1"), "a.example.com")
                            .alpn())
                    .isEqualTo("h2");
            assertThat(server.handshake(alpnClient("http/1.1"), "a.example.com").alpn())
                    .isEqualTo("http/1.1");
        }
        TlsOptions http11 =
                new TlsOptions("", "", List.of(), List.of(), false, List.of("http/1.1"), TlsOptions.ClientAuth.NONE);
        try (Handshakes server = new Handshakes(contexts(Map.of("default", http11), engine, EC_A))) {
            assertThat(server.handshake(alpnClient("h2", "http/1.1"), "a.example.com")
                            .alpn())
                    .isEqualTo("http/1.1");
        }
    }

    @Test
    void optionsPerHostFromRouters() throws Exception {
        TlsOptions modern =
                new TlsOptions("VersionTLS13", "", List.of(), List.of(), false, List.of(), TlsOptions.ClientAuth.NONE);
        TlsContexts contexts = TlsContexts.build(
                new TlsConfig(Map.of("modern", modern), List.of(source(EC_A, "a"), source(EC_WILDCARD, "w")), Map.of()),
                new TlsContexts.Selection("default", Map.of("A.example.com", "modern", "b.example.com", "missing")),
                TestCertificates.GENERATOR,
                TlsEngine.preferred());
        assertThat(contexts.problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("host=b.example.com", "tls.options.missing: unknown TLS options");
        try (Handshakes server = new Handshakes(contexts)) {
            assertThat(server.handshake(client("TLSv1.2"), "a.example.com").ok())
                    .isFalse();
            assertThat(server.handshake(client("TLSv1.2"), "x.wild.example.com").ok())
                    .isTrue();
        }
    }

    @Test
    void curvePreferences() throws Exception {
        TlsOptions p384 =
                new TlsOptions("", "", List.of(), List.of("CurveP384"), false, List.of(), TlsOptions.ClientAuth.NONE);
        try (Handshakes server = new Handshakes(contexts(Map.of("default", p384), TlsEngine.preferred(), EC_A))) {
            assertThat(server.handshake(client().build(), "a.example.com").ok()).isTrue();
        }
    }

    @Test
    void mutualTls() throws Exception {
        TlsOptions mtls = new TlsOptions(
                "",
                "",
                List.of(),
                List.of(),
                false,
                List.of(),
                new TlsOptions.ClientAuth(
                        List.of(TestCertificates.chainPem(TestCertificates.CA)), "RequireAndVerifyClientCert"));
        try (Handshakes server = new Handshakes(contexts(Map.of("default", mtls), TlsEngine.preferred(), EC_A))) {
            SslContext withCertificate = client().keyManager(
                            TestCertificates.CLIENT.key(), TestCertificates.CLIENT.chain())
                    .build();
            assertThat(server.handshake(withCertificate, "a.example.com").ok()).isTrue();
            var anonymous = server.handshake(client().build(), "a.example.com");
            // with TLS 1.3 the client learns of the refusal on its first read: the server closes
            assertThat(anonymous.ok() && anonymous.protocol().equals("TLSv1.2")).isFalse();
            var selfSigned = TestCertificates.GENERATOR.selfSigned(
                    List.of("rogue.example.com"), KeyType.EC, java.time.Duration.ofDays(1));
            SslContext rogue = client().protocols("TLSv1.2")
                    .keyManager(selfSigned.key(), selfSigned.chain())
                    .build();
            assertThat(server.handshake(rogue, "a.example.com").ok()).isFalse();
        }
    }

    @Test
    void anUnreadableCertificateIsReportedAndTheRestServes() throws Exception {
        TlsContexts contexts = TlsContexts.build(
                new TlsConfig(
                        Map.of(),
                        List.of(
                                new CertificateSource("/nonexistent/c.pem", "/nonexistent/k.pem", List.of()),
                                source(EC_A, "a")),
                        Map.of("default", new TlsStore(List.of(source(RSA_A, "d")), "", ""))),
                TlsContexts.Selection.defaults(),
                TestCertificates.GENERATOR,
                TlsEngine.preferred());
        assertThat(contexts.problems())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("tls.certificates[0].certFile: cannot read file /nonexistent/c.pem");
        assertThat(contexts.selector().defaultCertificate().leaf()).isEqualTo(RSA_A.leaf());
        try (Handshakes server = new Handshakes(contexts)) {
            assertThat(server.handshake(client().build(), "a.example.com").peer())
                    .isEqualTo(EC_A.leaf());
            assertThat(server.handshake(client().build(), "zzz.example.com").peer())
                    .isEqualTo(RSA_A.leaf());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void sessionsAreResumed(TlsEngine engine) throws Exception {
        try (Handshakes server = new Handshakes(contexts(Map.of(), engine, EC_A))) {
            SslContext client = client("TLSv1.2");
            var first = server.handshake(client, "a.example.com");
            var second = server.handshake(client, "a.example.com");
            assertThat(first.ok()).isTrue();
            // a resumed session keeps its creation time; a new one would be later
            assertThat(second.created()).isEqualTo(first.created());
        }
    }
}
