package io.swarmedge.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.OpenSsl;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.proxy.tls.ocsp.HttpOcspFetcher;
import io.swarmedge.proxy.tls.ocsp.OcspStapling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling against a real responder: {@code openssl ocsp} started on loopback by the test
 * with a test CA's index, leaves whose Authority Information Access points at it, and {@code
 * openssl s_client -status} as the client. A good certificate gets a good staple, a revoked one a
 * revoked staple, and a certificate whose responder is down is served without one.
 */
class OcspStaplingIT {
    @TempDir
    Path dir;

    private Process responder;
    private OcspStapling stapling;
    private TlsServices services;
    private Handshakes server;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void prerequisites() {
        require(onPath("openssl"), "`openssl` is not installed (Debian package openssl)");
        require(OpenSsl.isAvailable(), "netty-tcnative (OpenSSL engine) does not load here");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (services != null) {
            services.close();
        }
        if (responder != null) {
            responder.destroy(); // by PID: this process only
            if (!responder.waitFor(5, TimeUnit.SECONDS)) {
                responder.destroyForcibly();
            }
        }
    }

    @Test
    void staplesTheRespondersAnswerAndServesWithoutOneWhenItIsDown() throws Exception {
        int port = freePort();
        int closedPort = freePort();
        OcspTestPki pki = new OcspTestPki("swarmedge OCSP test CA");
        ServerCertificate good = pki.leaf("good.ocsp.test", "http://127.0.0.1:" + port, false);
        ServerCertificate revoked = pki.leaf("revoked.ocsp.test", "http://127.0.0.1:" + port, true);
        ServerCertificate down = pki.leaf("down.ocsp.test", "http://127.0.0.1:" + closedPort, false);
        ServerCertificate none = pki.leaf("none.ocsp.test", null, false);
        pki.writeResponderFiles(dir);
        startResponder(port);

        stapling = new OcspStapling(
                new HttpOcspFetcher(Duration.ofSeconds(5)),
                Clock.systemUTC(),
                new OcspStapling.Settings(
                        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(2)),
                registry);
        services = new TlsServices(stapling, new SessionTicketKeys(new SecureRandom()), Duration.ofHours(12));
        TlsContexts contexts = TlsContexts.build(
                TlsConfig.EMPTY,
                TlsContexts.Selection.defaults(),
                List.of(good, revoked, down, none),
                TestCertificates.GENERATOR,
                TlsEngine.OPENSSL,
                services);
        assertThat(contexts.problems()).isEmpty();
        server = new Handshakes(contexts);

        await("a good staple for good.ocsp.test")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sClient("good.ocsp.test").contains("Cert Status: good"));
        String goodOutput = sClient("good.ocsp.test");
        assertThat(goodOutput).contains("OCSP Response Status: successful").contains("Next Update:");

        await("a revoked staple for revoked.ocsp.test")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sClient("revoked.ocsp.test").contains("Cert Status: revoked"));

        // responder down: the handshake succeeds at once, without a staple, and the failure is counted
        await("a failed request to the closed port")
                .atMost(Duration.ofSeconds(20))
                .until(() -> registry.counter("swarmedge.tls.ocsp.fetches", "result", "failed")
                                .count()
                        >= 2);
        String downOutput = sClient("down.ocsp.test");
        assertThat(downOutput).contains("OCSP response: no response sent").contains("CN = down.ocsp.test");
        assertThat(downOutput).containsPattern("(Cipher is|Cipher    :) TLS_");
        // a certificate without a responder: no staple, nothing asked
        assertThat(sClient("none.ocsp.test")).contains("OCSP response: no response sent");

        assertThat(registry.counter("swarmedge.tls.ocsp.fetches", "result", "good")
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.counter("swarmedge.tls.ocsp.fetches", "result", "revoked")
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get("swarmedge.tls.ocsp.staples").gauge().value()).isEqualTo(2.0);

        // the responder stops: the last good answer keeps being stapled (valid for 10 minutes)
        responder.destroy();
        responder.waitFor(5, TimeUnit.SECONDS);
        assertThat(sClient("good.ocsp.test")).contains("Cert Status: good");
    }

    private void startResponder(int port) throws IOException {
        Path log = dir.resolve("ocsp.log");
        responder = new ProcessBuilder(
                        "openssl",
                        "ocsp",
                        "-index",
                        dir.resolve("index.txt").toString(),
                        "-port",
                        String.valueOf(port),
                        "-rsigner",
                        dir.resolve("ca.pem").toString(),
                        "-rkey",
                        dir.resolve("ca.key").toString(),
                        "-CA",
                        dir.resolve("ca.pem").toString(),
                        "-nmin",
                        "10",
                        "-ignore_err")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("openssl ocsp listening on " + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!responder.isAlive()) {
                        throw new AssertionError("openssl ocsp exited: " + Files.readString(log));
                    }
                    // not a connect probe: openssl ocsp hangs on a connection closed without a request
                    return Files.readString(log).contains("waiting for OCSP client connections");
                });
    }

    /** {@code openssl s_client -status} against the test server; its whole output. */
    private String sClient(String serverName) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "s_client", ".txt");
        Process client = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + server.port(),
                        "-servername",
                        serverName,
                        "-status",
                        "-CAfile",
                        dir.resolve("ca.pem").toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!client.waitFor(15, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("openssl s_client hung");
        }
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String command) {
        return Optional.ofNullable(System.getenv("PATH"))
                .orElse("/usr/bin:/bin")
                .lines()
                .flatMap(p -> java.util.Arrays.stream(p.split(":")))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** Missing components fail under {@code CI=true} and skip elsewhere. */
    private static void require(boolean present, String message) {
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
    }
}
