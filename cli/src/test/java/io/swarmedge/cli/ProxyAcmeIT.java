package io.swarmedge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.swarmedge.acme.testing.PebbleCa;
import io.swarmedge.acme.testing.Processes;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.FileProvider;
import io.swarmedge.config.provider.Merged;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import io.swarmedge.proxy.ProxyServer;
import io.swarmedge.proxy.runtime.MiddlewareFactory;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy with the seed's ACME flags against a real CA (pebble on loopback): a router that asks
 * for {@code myresolver} gets a certificate served within seconds, HTTP-01 answered on {@code web}
 * ahead of its redirection to {@code websecure}.
 */
class ProxyAcmeIT {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyAcmeIT.class);
    private static final String HOST = "app.swarmedge.test";
    /** id-pe-acmeIdentifier: marks the self-signed certificate of a TLS-ALPN-01 challenge. */
    private static final String ACME_IDENTIFIER_EXTENSION = "1.3.6.1.5.5.7.1.31";

    @TempDir
    Path dir;

    @Test
    void servesACertificateFromTheCaSecondsAfterTheRouterAppears() throws Exception {
        try (PebbleCa pebble = PebbleCa.start(dir.resolve("pebble"), 0);
                WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            int secure = Processes.freePort();
            List<String> flags = new ArrayList<>(List.of(
                    "--entrypoints.web.address=127.0.0.1:" + pebble.httpPort,
                    "--entrypoints.web.http.redirections.entryPoint.to=websecure",
                    "--entrypoints.web.http.redirections.entryPoint.scheme=https",
                    "--entrypoints.websecure.address=127.0.0.1:" + secure,
                    "--certificatesresolvers.myresolver.acme.httpchallenge=true",
                    "--certificatesresolvers.myresolver.acme.httpchallenge.entrypoint=web"));
            flags.addAll(resolver("myresolver", pebble.directoryUrl(), pebble.caFile()));
            try (AcmeProxy edge = AcmeProxy.start(flags, dir)) {
                long appeared = System.nanoTime();
                edge.route(whoami, "entryPoints: [websecure]", "tls: {certResolver: myresolver}");

                // until the CA's certificate is served, the generated default one is
                awaitCaCertificate("a certificate for " + HOST + " from pebble on websecure", secure);
                long millis = Duration.ofNanos(System.nanoTime() - appeared).toMillis();
                LOG.info("figure=router-to-acme-certificate-served ms={}", millis);

                // the router answers over TLS with that certificate; web still redirects
                assertThat(request(secure, true, "/")).startsWith("HTTP/1.1 200");
                assertThat(request(pebble.httpPort, false, "/x")).startsWith("HTTP/1.1 30");
                // an unknown token is a 404 from the challenge handler, not a redirect
                assertThat(request(pebble.httpPort, false, "/.well-known/acme-challenge/nope"))
                        .startsWith("HTTP/1.1 404");
            }
        }
    }

    @Test
    void routersWithoutTlsGetCertificatesFromTheEntrypointsCertResolver() throws Exception {
        try (PebbleCa pebble = PebbleCa.start(dir.resolve("pebble"), 0);
                WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            int secure = Processes.freePort();
            List<String> flags = new ArrayList<>(List.of(
                    "--entrypoints.web.address=127.0.0.1:" + pebble.httpPort,
                    "--entrypoints.websecure.address=127.0.0.1:" + secure,
                    "--entrypoints.websecure.http.tls.certResolver=myresolver",
                    "--certificatesresolvers.myresolver.acme.httpchallenge.entrypoint=web"));
            flags.addAll(resolver("myresolver", pebble.directoryUrl(), pebble.caFile()));
            try (AcmeProxy edge = AcmeProxy.start(flags, dir)) {
                // no tls section: the entrypoint's http.tls (and its resolver) applies
                edge.route(whoami, "entryPoints: [websecure]");

                awaitCaCertificate(
                        "a certificate for " + HOST + " ordered through the entrypoint's certResolver", secure);
                assertThat(request(secure, true, "/")).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void answersTlsAlpnChallengesOnTheTlsEntrypoint() throws Exception {
        try (PebbleCa pebble = PebbleCa.start(dir.resolve("pebble"), 0);
                WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            List<String> flags = new ArrayList<>(List.of(
                    "--entrypoints.websecure.address=127.0.0.1:" + pebble.tlsPort,
                    "--certificatesresolvers.alpn.acme.tlschallenge=true",
                    "--certificatesresolvers.alpn.acme.keyType=EC256"));
            flags.addAll(resolver("alpn", pebble.directoryUrl(), pebble.caFile()));
            try (AcmeProxy edge = AcmeProxy.start(flags, dir)) {
                long appeared = System.nanoTime();
                edge.route(whoami, "tls: {certResolver: alpn}");

                awaitCaCertificate("a certificate for " + HOST + " validated over TLS-ALPN-01", pebble.tlsPort);
                LOG.info(
                        "figure=router-to-acme-certificate-served challenge=tls-alpn-01 ms={}",
                        Duration.ofNanos(System.nanoTime() - appeared).toMillis());
                assertThat(request(pebble.tlsPort, true, "/")).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void keepsServingTheDefaultCertificateWhenTheCaIsUnreachable() throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            int secure = Processes.freePort();
            int nobody = Processes.freePort();
            List<String> flags = new ArrayList<>(List.of(
                    "--entrypoints.websecure.address=127.0.0.1:" + secure,
                    "--certificatesresolvers.myresolver.acme.httpchallenge=true",
                    "--certificatesresolvers.myresolver.acme.httpchallenge.entrypoint=websecure"));
            flags.addAll(resolver("myresolver", "https://127.0.0.1:" + nobody + "/dir", null));
            try (AcmeProxy edge = AcmeProxy.start(flags, dir)) {
                edge.route(whoami, "tls: {certResolver: myresolver}");
                // the order fails (logged with the resolver); the router is served with the default certificate
                assertThat(request(secure, true, "/")).startsWith("HTTP/1.1 200");
                assertThat(leaf(secure, HOST).getSubjectX500Principal().getName())
                        .contains(io.swarmedge.proxy.tls.CertificateGenerator.DEFAULT_COMMON_NAME);
            }
        }
    }

    /** The resolver's account flags: e-mail, storage in the test's directory, CA directory and (if any) its root. */
    private List<String> resolver(String name, String caServer, Path caCertificates) {
        String prefix = "--certificatesresolvers." + name + ".acme.";
        List<String> flags = new ArrayList<>(List.of(
                prefix + "email=ops@swarmedge.test",
                prefix + "storage=" + dir.resolve("acme.json"),
                prefix + "caServer=" + caServer));
        if (caCertificates != null) {
            flags.add(prefix + "caCertificates=" + caCertificates);
        }
        return flags;
    }

    /**
     * Waits until {@code port} serves a certificate for {@link #HOST} from the CA (until then the
     * generated default one is, or a TLS-ALPN-01 challenge certificate), and checks its name and issuer.
     */
    private static void awaitCaCertificate(String description, int port) throws Exception {
        await(description)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    X509Certificate served = leaf(port, HOST);
                    return served.getSubjectAlternativeNames() != null
                            && served.getExtensionValue(ACME_IDENTIFIER_EXTENSION) == null;
                });
        X509Certificate leaf = leaf(port, HOST);
        assertThat(leaf.getSubjectAlternativeNames())
                .anySatisfy(san -> assertThat(san.get(1)).isEqualTo(HOST));
        assertThat(leaf.getIssuerX500Principal()).isNotEqualTo(leaf.getSubjectX500Principal());
    }

    /**
     * The proxy on the static configuration {@code flags} (plus a file provider in {@code dir}, empty at
     * first) and its ACME certificates; closing stops both.
     */
    private record AcmeProxy(StaticConfig config, Path dynamic, ProxyServer proxy, ProxyCertificates acme)
            implements AutoCloseable {
        static AcmeProxy start(List<String> flags, Path dir) throws Exception {
            Path dynamic = dir.resolve("dynamic.yml");
            Files.writeString(dynamic, "http: {}\n");
            List<String> all = new ArrayList<>(flags);
            all.add("--providers.file.filename=" + dynamic);
            StaticConfig config = StaticConfigLoader.load(all, Map.of());
            ProxyServer proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard());
            try {
                proxy.apply(merged(config, dynamic));
                ProxyCertificates acme = ProxyCertificates.start(
                                config, proxy, "test-replica", URI.create("unix:///var/run/docker.sock"))
                        .orElseThrow();
                return new AcmeProxy(config, dynamic, proxy, acme);
            } catch (Exception | Error e) {
                proxy.close();
                throw e;
            }
        }

        /**
         * Routes {@code Host(HOST)} to {@code whoami} as router and service {@code app}, with
         * {@code routerLines} (YAML) added to the router, and hands the result to the proxy and to ACME.
         */
        void route(WhoamiServer whoami, String... routerLines) throws Exception {
            StringBuilder yaml = new StringBuilder("http:\n  routers:\n    app:\n");
            yaml.append("      rule: Host(`").append(HOST).append("`)\n      service: app\n");
            for (String line : routerLines) {
                yaml.append("      ").append(line).append('\n');
            }
            yaml.append("  services:\n    app:\n      loadBalancer:\n        servers:\n");
            yaml.append("          - url: ").append(whoami.uri()).append('\n');
            Files.writeString(dynamic, yaml);
            DynamicConfig withRouter = merged(config, dynamic);
            proxy.apply(withRouter);
            acme.configurationChanged(withRouter);
        }

        @Override
        public void close() {
            try {
                acme.close();
            } finally {
                proxy.close();
            }
        }
    }

    private static DynamicConfig merged(StaticConfig config, Path file) {
        Merged merged = new ConfigMerger(
                        ConfigMerger.DEFAULT_INTERNAL_SERVICES,
                        ProxyServer.effectiveConfig(config).entryPoints().keySet())
                .merge(List.of(FileProvider.readOnce(config.providers().file())));
        assertThat(merged.errors()).as(file.toString()).isEmpty();
        return merged.config();
    }

    private static SSLSocket tls(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(HOST)));
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static X509Certificate leaf(int port, String host) throws Exception {
        try (SSLSocket socket = tls(port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static String request(int port, boolean secure, String path) throws Exception {
        try (Socket socket = secure ? tls(port) : new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
