package io.swarmedge.proxy.tls.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.FileProvider;
import io.swarmedge.config.provider.Merged;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import io.swarmedge.proxy.ProxyServer;
import io.swarmedge.proxy.runtime.MiddlewareFactory;
import io.swarmedge.proxy.runtime.Runtime;
import io.swarmedge.proxy.tls.grading.GradingPki.KeyAlgorithm;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: swarmedge's proxy with the seed's TLS options ({@code
 * ../shared/seed/traefik/default-tls-options.yml}) and {@code hsts} middleware meets every A+
 * criterion that testssl.sh can check, like the seed-like nginx of {@link NginxGradingIT}. A proxy
 * that does not terminate TLS on the entrypoint fails before any scan, saying so. Each scan takes
 * 0.5-2 minutes on a loaded machine.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ProxyGradingIT {
    static final String NAME = "grading.swarmedge.test";
    static final String ENTRYPOINT = "websecure";

    @TempDir
    Path dir;

    private WhoamiServer whoami;
    private ProxyServer proxy;

    @BeforeAll
    static void tools() {
        Prerequisites.require("testssl", "testssl.sh");
        Prerequisites.require("openssl", "openssl");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (whoami != null) {
            whoami.close();
        }
    }

    @Test
    void seedOptionsWithRsaCertificateMeetEveryCriterion() throws Exception {
        Verdict verdict = grade("swarmedge-seed-rsa2048", KeyAlgorithm.RSA_2048);

        assertThat(verdict.failedKeys()).as(verdict.render()).isEmpty();
        assertThat(verdict.report().find("TLS1_2").orElseThrow().finding()).startsWith("offered");
        assertThat(verdict.report().find("TLS1_3").orElseThrow().finding()).startsWith("offered");
    }

    @Test
    void seedOptionsWithEcCertificateMeetEveryCriterionOnTls13Alone() throws Exception {
        Verdict verdict = grade("swarmedge-seed-ecp256", KeyAlgorithm.EC_P256);

        assertThat(verdict.failedKeys()).as(verdict.render()).isEmpty();
        // The seed's TLS 1.2 suites are ECDHE-RSA only: with an EC key only TLS 1.3 remains, as with nginx.
        assertThat(verdict.report().find("TLS1_2").orElseThrow().finding()).startsWith("not offered");
        assertThat(verdict.report().find("TLS1_3").orElseThrow().finding()).startsWith("offered");
    }

    private Verdict grade(String label, KeyAlgorithm algorithm) throws Exception {
        GradingPki pki = GradingPki.generate(dir.resolve("pki"), NAME, algorithm, Clock.systemUTC());
        whoami = WhoamiServer.start(WhoamiOptions.loopback());
        int port = LoopbackPorts.free();
        Path dynamic = Files.writeString(dir.resolve("dynamic.yml"), dynamicConfig(pki, whoami.uri()));
        StaticConfig config = StaticConfigLoader.load(
                List.of(
                        "--entrypoints." + ENTRYPOINT + ".address=127.0.0.1:" + port,
                        "--providers.file.filename=" + dynamic),
                Map.of());
        proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard());
        ProviderSnapshot snapshot = FileProvider.readOnce(config.providers().file());
        Merged merged = new ConfigMerger(
                        ConfigMerger.DEFAULT_INTERNAL_SERVICES,
                        config.entryPoints().keySet())
                .merge(List.of(snapshot));
        assertThat(merged.errors()).as("errors in the generated " + dynamic).isEmpty();
        Runtime runtime = proxy.apply(merged.config());
        assertThat(runtime.errors())
                .as("errors compiling the generated " + dynamic)
                .isEmpty();

        awaitTls(port, pki);
        return TlsGrader.standard().grade(label, new Testssl.Target(NAME, port, pki.caPem()), dir.resolve("grading"));
    }

    /** The seed's {@code default-tls-options.yml} plus a certificate and a TLS router to whoami. */
    static String dynamicConfig(GradingPki pki, URI backend) {
        return """
                tls:
                  options:
                    default:
                      minVersion: VersionTLS12
                      sniStrict: true
                      cipherSuites:
                        - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                        - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
                        - TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
                  certificates:
                    - certFile: %s
                      keyFile: %s
                http:
                  middlewares:
                    hsts:
                      headers:
                        stsSeconds: 63072000
                  routers:
                    whoami:
                      rule: Host(`%s`)
                      entryPoints: [%s]
                      middlewares: [hsts]
                      service: whoami
                      tls: {}
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(pki.chainPem(), pki.keyPem(), pki.serverName(), ENTRYPOINT, backend);
    }

    /**
     * Waits for a TLS handshake for the name, with the test CA trusted, so a proxy that does not
     * terminate TLS fails here in one clear sentence rather than after a two-minute scan.
     */
    private static void awaitTls(int port, GradingPki pki) {
        AtomicReference<String> last = new AtomicReference<>("no attempt");
        try {
            await("TLS handshake for " + pki.serverName() + " on 127.0.0.1:" + port)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Optional<String> failure = handshakeFailure(port, pki);
                        failure.ifPresent(last::set);
                        return failure.isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            fail("swarmedge does not terminate TLS on entrypoint " + ENTRYPOINT + " (router with tls: {}, "
                    + "tls.certificates from the file provider): no TLS handshake for " + pki.serverName()
                    + " on 127.0.0.1:" + port + " within 30 s; last attempt: " + last.get()
                    + ". Is the TLS wiring of the entrypoints in yet?");
        }
    }

    private static Optional<String> handshakeFailure(int port, GradingPki pki) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trusting(pki.caPem()).getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(pki.serverName())));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return Optional.empty();
            }
        } catch (IOException | GeneralSecurityException e) {
            return Optional.of(e.toString());
        }
    }

    private static TrustManagerFactory trusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry(
                    "grading-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }
}
