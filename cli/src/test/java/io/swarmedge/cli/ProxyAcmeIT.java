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

    @TempDir
    Path dir;

    @Test
    void servesACertificateFromTheCaSecondsAfterTheRouterAppears() throws Exception {
        try (PebbleCa pebble = PebbleCa.start(dir.resolve("pebble"), 0);
                WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            int secure = Processes.freePort();
            Path dynamic = dir.resolve("dynamic.yml");
            Files.writeString(dynamic, "http: {}\n");
            StaticConfig config = StaticConfigLoader.load(
                    List.of(
                            "--entrypoints.web.address=127.0.0.1:" + pebble.httpPort,
                            "--entrypoints.web.http.redirections.entryPoint.to=websecure",
                            "--entrypoints.web.http.redirections.entryPoint.scheme=https",
                            "--entrypoints.websecure.address=127.0.0.1:" + secure,
                            "--providers.file.filename=" + dynamic,
                            "--certificatesresolvers.myresolver.acme.httpchallenge=true",
                            "--certificatesresolvers.myresolver.acme.httpchallenge.entrypoint=web",
                            "--certificatesresolvers.myresolver.acme.email=ops@swarmedge.test",
                            "--certificatesresolvers.myresolver.acme.storage=" + dir.resolve("acme.json"),
                            "--certificatesresolvers.myresolver.acme.caServer=" + pebble.directoryUrl(),
                            "--certificatesresolvers.myresolver.acme.caCertificates=" + pebble.caFile()),
                    Map.of());
            try (ProxyServer proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard())) {
                proxy.apply(merged(config, dynamic));
                ProxyCertificates acme = ProxyCertificates.start(
                                config, proxy, "test-replica", URI.create("unix:///var/run/docker.sock"))
                        .orElseThrow();
                try (acme) {
                    Files.writeString(dynamic, """
                            http:
                              routers:
                                app:
                                  rule: Host(`%s`)
                                  entryPoints: [websecure]
                                  service: app
                                  tls:
                                    certResolver: myresolver
                              services:
                                app:
                                  loadBalancer:
                                    servers:
                                      - url: %s
                            """.formatted(HOST, whoami.uri()));
                    long appeared = System.nanoTime();
                    DynamicConfig withRouter = merged(config, dynamic);
                    proxy.apply(withRouter);
                    acme.configurationChanged(withRouter);

                    // until the CA's certificate is served, the generated default one is
                    await("a certificate for " + HOST + " from pebble on websecure")
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .ignoreExceptions()
                            .until(() -> leaf(secure, HOST).getSubjectAlternativeNames() != null);
                    long millis = Duration.ofNanos(System.nanoTime() - appeared).toMillis();
                    LOG.info("figure=router-to-acme-certificate-served ms={}", millis);
                    X509Certificate leaf = leaf(secure, HOST);
                    assertThat(leaf.getSubjectAlternativeNames())
                            .anySatisfy(san -> assertThat(san.get(1)).isEqualTo(HOST));
                    assertThat(leaf.getIssuerX500Principal()).isNotEqualTo(leaf.getSubjectX500Principal());

                    // the router answers over TLS with that certificate; web still redirects
                    assertThat(request(secure, true, "/")).startsWith("HTTP/1.1 200");
                    assertThat(request(pebble.httpPort, false, "/x")).startsWith("HTTP/1.1 30");
                    // an unknown token is a 404 from the challenge handler, not a redirect
                    assertThat(request(pebble.httpPort, false, "/.well-known/acme-challenge/nope"))
                            .startsWith("HTTP/1.1 404");
                }
            }
        }
    }

    @Test
    void routersWithoutTlsGetCertificatesFromTheEntrypointsCertResolver() throws Exception {
        try (PebbleCa pebble = PebbleCa.start(dir.resolve("pebble"), 0);
                WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            int secure = Processes.freePort();
            Path dynamic = dir.resolve("dynamic.yml");
            Files.writeString(dynamic, "http: {}\n");
            StaticConfig config = StaticConfigLoader.load(
                    List.of(
                            "--entrypoints.web.address=127.0.0.1:" + pebble.httpPort,
                            "--entrypoints.websecure.address=127.0.0.1:" + secure,
                            "--entrypoints.websecure.http.tls.certResolver=myresolver",
                            "--providers.file.filename=" + dynamic,
                            "--certificatesresolvers.myresolver.acme.httpchallenge.entrypoint=web",
                            "--certificatesresolvers.myresolver.acme.email=ops@swarmedge.test",
                            "--certificatesresolvers.myresolver.acme.storage=" + dir.resolve("acme.json"),
                            "--certificatesresolvers.myresolver.acme.caServer=" + pebble.directoryUrl(),
                            "--certificatesresolvers.myresolver.acme.caCertificates=" + pebble.caFile()),
                    Map.of());
            try (ProxyServer proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard())) {
                proxy.apply(merged(config, dynamic));
                ProxyCertificates acme = ProxyCertificates.start(
                                config, proxy, "test-replica", URI.create("unix:///var/run/docker.sock"))
                        .orElseThrow();
                try (acme) {
                    // no tls section: the entrypoint's http.tls (and its resolver) applies
                    Files.writeString(dynamic, """
                            http:
                              routers:
                                app:
                                  rule: Host(`%s`)
                                  entryPoints: [websecure]
                                  service: app
                              services:
                                app:
                                  loadBalancer:
                                    servers:
                                      - url: %s
                            """.formatted(HOST, whoami.uri()));
                    DynamicConfig withRouter = merged(config, dynamic);
                    proxy.apply(withRouter);
                    acme.configurationChanged(withRouter);

                    await("a certificate for " + HOST + " ordered through the entrypoint's certResolver")
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .ignoreExceptions()
                            .until(() -> leaf(secure, HOST).getSubjectAlternativeNames() != null);
                    X509Certificate leaf = leaf(secure, HOST);
                    assertThat(leaf.getSubjectAlternativeNames())
                            .anySatisfy(san -> assertThat(san.get(1)).isEqualTo(HOST));
                    assertThat(leaf.getIssuerX500Principal()).isNotEqualTo(leaf.getSubjectX500Principal());
                    assertThat(request(secure, true, "/")).startsWith("HTTP/1.1 200");
                }
            }
        }
    }

    @Test
    void answersTlsAlpnChallengesOnTheTlsEntrypoint() throws Exception {
        try (PebbleCa pebble = PebbleCa.start(dir.resolve("pebble"), 0);
                WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            Path dynamic = dir.resolve("dynamic.yml");
            Files.writeString(dynamic, "http: {}\n");
            StaticConfig config = StaticConfigLoader.load(
                    List.of(
                            "--entrypoints.websecure.address=127.0.0.1:" + pebble.tlsPort,
                            "--providers.file.filename=" + dynamic,
                            "--certificatesresolvers.alpn.acme.tlschallenge=true",
                            "--certificatesresolvers.alpn.acme.keyType=EC256",
                            "--certificatesresolvers.alpn.acme.email=ops@swarmedge.test",
                            "--certificatesresolvers.alpn.acme.storage=" + dir.resolve("acme.json"),
                            "--certificatesresolvers.alpn.acme.caServer=" + pebble.directoryUrl(),
                            "--certificatesresolvers.alpn.acme.caCertificates=" + pebble.caFile()),
                    Map.of());
            try (ProxyServer proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard())) {
                proxy.apply(merged(config, dynamic));
                ProxyCertificates acme = ProxyCertificates.start(
                                config, proxy, "test-replica", URI.create("unix:///var/run/docker.sock"))
                        .orElseThrow();
                try (acme) {
                    Files.writeString(dynamic, """
                            http:
                              routers:
                                app:
                                  rule: Host(`%s`)
                                  service: app
                                  tls:
                                    certResolver: alpn
                              services:
                                app:
                                  loadBalancer:
                                    servers:
                                      - url: %s
                            """.formatted(HOST, whoami.uri()));
                    long appeared = System.nanoTime();
                    DynamicConfig withRouter = merged(config, dynamic);
                    proxy.apply(withRouter);
                    acme.configurationChanged(withRouter);

                    await("a certificate for " + HOST + " validated over TLS-ALPN-01")
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .ignoreExceptions()
                            .until(() -> leaf(pebble.tlsPort, HOST).getSubjectAlternativeNames() != null
                                    && leaf(pebble.tlsPort, HOST).getExtensionValue("1.3.6.1.5.5.7.1.31") == null);
                    LOG.info(
                            "figure=router-to-acme-certificate-served challenge=tls-alpn-01 ms={}",
                            Duration.ofNanos(System.nanoTime() - appeared).toMillis());
                    assertThat(request(pebble.tlsPort, true, "/")).startsWith("HTTP/1.1 200");
                }
            }
        }
    }

    @Test
    void keepsServingTheDefaultCertificateWhenTheCaIsUnreachable() throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            int secure = Processes.freePort();
            int nobody = Processes.freePort();
            Path dynamic = dir.resolve("dynamic.yml");
            Files.writeString(dynamic, """
                    http:
                      routers:
                        app:
                          rule: Host(`%s`)
                          service: app
                          tls:
                            certResolver: myresolver
                      services:
                        app:
                          loadBalancer:
                            servers:
                              - url: %s
                    """.formatted(HOST, whoami.uri()));
            StaticConfig config = StaticConfigLoader.load(
                    List.of(
                            "--entrypoints.websecure.address=127.0.0.1:" + secure,
                            "--providers.file.filename=" + dynamic,
                            "--certificatesresolvers.myresolver.acme.httpchallenge=true",
                            "--certificatesresolvers.myresolver.acme.httpchallenge.entrypoint=websecure",
                            "--certificatesresolvers.myresolver.acme.email=ops@swarmedge.test",
                            "--certificatesresolvers.myresolver.acme.storage=" + dir.resolve("acme.json"),
                            "--certificatesresolvers.myresolver.acme.caServer=https://127.0.0.1:" + nobody + "/dir"),
                    Map.of());
            try (ProxyServer proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard())) {
                DynamicConfig withRouter = merged(config, dynamic);
                proxy.apply(withRouter);
                ProxyCertificates acme = ProxyCertificates.start(
                                config, proxy, "test-replica", URI.create("unix:///var/run/docker.sock"))
                        .orElseThrow();
                try (acme) {
                    acme.configurationChanged(withRouter);
                    // the order fails (logged with the resolver); the router is served with the default certificate
                    assertThat(request(secure, true, "/")).startsWith("HTTP/1.1 200");
                    assertThat(leaf(secure, HOST).getSubjectX500Principal().getName())
                            .contains(io.swarmedge.proxy.tls.CertificateGenerator.DEFAULT_COMMON_NAME);
                }
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
