package io.swarmedge.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.FileProvider;
import io.swarmedge.config.provider.Merged;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import io.swarmedge.proxy.ProxyServer;
import io.swarmedge.proxy.runtime.MiddlewareFactory;
import io.swarmedge.proxy.runtime.Runtime;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS termination on entrypoints, end to end: real handshakes against {@link ProxyServer} with
 * certificates from files, SNI selection, {@code sniStrict}, the separation of TLS and plain
 * routers on one port, {@code X-Forwarded-Proto} and HSTS.
 */
class TlsTerminationIT {
    private static final ServerCertificate LOCALHOST = TestCertificates.GENERATOR.signed(
            TestCertificates.CA, List.of("localhost"), KeyType.EC, Duration.ofDays(30));

    @TempDir
    Path dir;

    private WhoamiServer whoami;
    private ProxyServer proxy;

    @BeforeEach
    void backend() {
        whoami = WhoamiServer.start(WhoamiOptions.loopback());
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        whoami.close();
    }

    @Test
    void servesHttpsWithHstsAndKeepsPlainRoutersPlain() throws Exception {
        int port = start(List.of(), """
                tls:
                  stores:
                    default:
                      defaultCertificate:
                        certFile: %s
                        keyFile: %s
                http:
                  middlewares:
                    hsts:
                      headers:
                        stsSeconds: 63072000
                  routers:
                    secure:
                      rule: Host(`localhost`) && PathPrefix(`/`)
                      middlewares: [hsts]
                      service: whoami
                      tls: {}
                    plain:
                      rule: Host(`localhost`) && PathPrefix(`/plain`)
                      service: whoami
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(
                        file("localhost.pem", TestCertificates.chainPem(LOCALHOST)),
                        file("localhost.key", TestCertificates.pkcs8KeyPem(LOCALHOST)),
                        whoami.uri()));
        HttpClient client = client();

        HttpResponse<String> https =
                client.send(get("https://localhost:" + port + "/hello"), HttpResponse.BodyHandlers.ofString());
        assertThat(https.statusCode()).isEqualTo(200);
        assertThat(https.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=63072000");
        assertThat(https.body()).containsIgnoringCase("X-Forwarded-Proto: https");

        // the plain router matches plain connections only, the TLS router TLS ones only
        HttpResponse<String> plain =
                client.send(get("http://localhost:" + port + "/plain"), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(plain.body()).containsIgnoringCase("X-Forwarded-Proto: http");
        assertThat(client.send(get("http://localhost:" + port + "/hello"), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(404);
        assertThat(https.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(LOCALHOST.leaf());
    }

    @Test
    void speaksHttp2WhenAlpnPicksIt() throws Exception {
        int port = start(List.of(), """
                tls:
                  stores:
                    default:
                      defaultCertificate:
                        certFile: %s
                        keyFile: %s
                http:
                  routers:
                    secure:
                      rule: Host(`localhost`)
                      service: whoami
                      tls: {}
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(
                        file("localhost.pem", TestCertificates.chainPem(LOCALHOST)),
                        file("localhost.key", TestCertificates.pkcs8KeyPem(LOCALHOST)),
                        whoami.uri()));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(trustingTestCa())
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(client.sendAsync(
                    get("https://localhost:" + port + "/stream/" + i), HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> post = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/post"))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("GET /stream/" + i)
                    .containsIgnoringCase("X-Forwarded-Proto: https")
                    .doesNotContainIgnoringCase("x-http2-");
        }
    }

    @Test
    void picksCertificatesBySniAndFallsBackToTheGeneratedDefault() throws Exception {
        int port = start(List.of(), certificatesConfig(false));

        assertThat(leaf(port, "a.example.com")).isEqualTo(TestCertificates.EC_A.leaf());
        assertThat(leaf(port, "x.wild.example.com")).isEqualTo(TestCertificates.EC_WILDCARD.leaf());
        X509Certificate fallback = leaf(port, "unknown.example.com");
        assertThat(fallback.getSubjectX500Principal().getName()).contains(CertificateGenerator.DEFAULT_COMMON_NAME);
        // generated once per process: a reload serves the same default certificate
        proxy.apply(merged(certificatesConfig(false)));
        assertThat(leaf(port, "other.example.com")).isEqualTo(fallback);
    }

    @Test
    void servesACertificateRenewedOnDiskWithoutAConfigurationChange() throws Exception {
        int port = start(List.of(), certificatesConfig(false));
        assertThat(leaf(port, "a.example.com")).isEqualTo(TestCertificates.EC_A.leaf());

        // a renewal tool rewrites the files in place
        file("a.pem", TestCertificates.chainPem(TestCertificates.RSA_A));
        file("a.key", TestCertificates.pkcs8KeyPem(TestCertificates.RSA_A));

        org.awaitility.Awaitility.await("the renewed certificate served")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> leaf(port, "a.example.com").equals(TestCertificates.RSA_A.leaf()));
    }

    @Test
    void strictSniRefusesUnknownNames() throws Exception {
        int port = start(List.of(), certificatesConfig(true));

        assertThat(leaf(port, "a.example.com")).isEqualTo(TestCertificates.EC_A.leaf());
        assertThatThrownBy(() -> leaf(port, "unknown.example.com")).isInstanceOf(IOException.class);
    }

    @Test
    void entryPointTlsServesEveryRouterOverTls() throws Exception {
        int port = start(
                List.of(
                        "--entrypoints.websecure.http.tls=true",
                        "--entrypoints.websecure.http.tls.options=default@file"),
                """
                http:
                  routers:
                    whoami:
                      rule: PathPrefix(`/`)
                      service: whoami
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(whoami.uri()));

        assertThat(request(port, "a.example.com", "/x")).startsWith("HTTP/1.1 200");
        HttpResponse<Void> plain =
                client().send(get("http://localhost:" + port + "/x"), HttpResponse.BodyHandlers.discarding());
        assertThat(plain.statusCode()).isEqualTo(404);
    }

    @Test
    void answersTlsAlpnChallengesAndServesOtherHandshakesAsUsual() throws Exception {
        int port = start(List.of(), certificatesConfig(false));
        ServerCertificate validation =
                TestCertificates.GENERATOR.selfSigned(List.of("a.example.com"), KeyType.EC, Duration.ofDays(7));
        proxy.tlsChallenges(new ChallengeAnswers() {
            @Override
            public java.util.concurrent.CompletableFuture<java.util.Optional<String>> httpAnswer(String path) {
                return java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty());
            }

            @Override
            public java.util.concurrent.CompletableFuture<java.util.Optional<ServerCertificate>> alpnCertificate(
                    String serverName) {
                return java.util.concurrent.CompletableFuture.supplyAsync(() -> serverName.equals("a.example.com")
                        ? java.util.Optional.of(validation)
                        : java.util.Optional.empty());
            }
        });

        try (SSLSocket socket = socket(port, "a.example.com")) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {ChallengeAnswers.ACME_TLS_1});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo(ChallengeAnswers.ACME_TLS_1);
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(validation.leaf());
        }
        // no challenge for the name: refused
        assertThatThrownBy(() -> {
                    try (SSLSocket socket = socket(port, "other.example.com")) {
                        SSLParameters parameters = socket.getSSLParameters();
                        parameters.setApplicationProtocols(new String[] {ChallengeAnswers.ACME_TLS_1});
                        socket.setSSLParameters(parameters);
                        socket.startHandshake();
                    }
                })
                .isInstanceOf(IOException.class);
        // browsers offering h2 and http/1.1 get the configured certificate
        try (SSLSocket socket = socket(port, "a.example.com")) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(TestCertificates.EC_A.leaf());
        }
    }

    @Test
    void checkReportsUnusableTlsSettings() throws Exception {
        Path missing = dir.resolve("missing.pem");
        String dynamic = """
                tls:
                  certificates:
                    - certFile: %s
                      keyFile: %s
                http:
                  routers:
                    whoami:
                      rule: Host(`a.example.com`)
                      service: whoami
                      tls: {}
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(missing, missing, whoami.uri());
        Path file = TestCertificates.write(dir, "dynamic.yml", dynamic);
        StaticConfig config = StaticConfigLoader.load(
                List.of("--entrypoints.websecure.address=127.0.0.1:8443", "--providers.file.filename=" + file),
                Map.of());
        Merged merged = mergedFrom(config);

        // as `proxy --check` does: the providers' errors, then the compile's and the TLS build's
        List<String> errors = new java.util.ArrayList<>();
        merged.errors().forEach(e -> errors.add(e.toString()));
        errors.addAll(ProxyServer.check(config, merged.config(), RuleParser::parse, MiddlewareFactory.standard()));

        assertThat(errors).anySatisfy(e -> assertThat(e).contains("websecure").contains("missing.pem"));
    }

    private String certificatesConfig(boolean strict) throws IOException {
        return """
                tls:
                  options:
                    default:
                      sniStrict: %s
                  certificates:
                    - certFile: %s
                      keyFile: %s
                    - certFile: %s
                      keyFile: %s
                http:
                  routers:
                    whoami:
                      rule: PathPrefix(`/`)
                      service: whoami
                      tls: {}
                  services:
                    whoami:
                      loadBalancer:
                        servers:
                          - url: %s
                """.formatted(
                        strict,
                        file("a.pem", TestCertificates.chainPem(TestCertificates.EC_A)),
                        file("a.key", TestCertificates.pkcs8KeyPem(TestCertificates.EC_A)),
                        file("wild.pem", TestCertificates.chainPem(TestCertificates.EC_WILDCARD)),
                        file("wild.key", TestCertificates.traditionalKeyPem(TestCertificates.EC_WILDCARD)),
                        whoami.uri());
    }

    private int start(List<String> flags, String dynamic) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path file = TestCertificates.write(dir, "dynamic.yml", dynamic);
        List<String> args = new java.util.ArrayList<>(
                List.of("--entrypoints.websecure.address=127.0.0.1:" + port, "--providers.file.filename=" + file));
        args.addAll(flags);
        StaticConfig config = StaticConfigLoader.load(args, Map.of());
        proxy = ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard());
        Runtime runtime = proxy.apply(merged(dynamic));
        assertThat(runtime.errors()).isEmpty();
        return port;
    }

    private Merged mergedFrom(StaticConfig config) {
        return new ConfigMerger(
                        ConfigMerger.DEFAULT_INTERNAL_SERVICES,
                        config.entryPoints().keySet())
                .merge(List.of(FileProvider.readOnce(config.providers().file())));
    }

    private io.swarmedge.config.dynamic.DynamicConfig merged(String dynamic) throws IOException {
        TestCertificates.write(dir, "dynamic.yml", dynamic);
        Merged merged = mergedFrom(proxy.config());
        assertThat(merged.errors()).isEmpty();
        return merged.config();
    }

    private String file(String name, String content) throws IOException {
        return TestCertificates.write(dir, name, content).toString();
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static SSLContext trustingTestCa() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", TestCertificates.CA.leaf());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trustingTestCa())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static SSLSocket socket(int port, String serverName) throws Exception {
        // trusts any chain: these tests look at which certificate is served, the HttpClient test verifies it
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** The leaf certificate served for this SNI name. */
    private static X509Certificate leaf(int port, String serverName) throws Exception {
        try (SSLSocket socket = socket(port, serverName)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** One HTTP/1.1 request over TLS with this SNI name; the status line and headers. */
    private static String request(int port, String serverName, String path) throws Exception {
        try (SSLSocket socket = socket(port, serverName)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + serverName + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
