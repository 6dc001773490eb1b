package io.swarmedge.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A copy of the acme module's test helper (its tests are not published as a jar): Debian's pebble on loopback with its own test CA (made with openssl), validating against {@code
 * httpPort}/{@code tlsPort} on 127.0.0.1: every name resolves to 127.0.0.1 through {@code
 * pebble-challtestsrv}'s DNS. No random validation delay ({@code PEBBLE_VA_NOSLEEP=1}).
 */
final class PebbleCa implements AutoCloseable {
    private final Path directory;
    private final int acmePort;
    private final int managementPort;
    private final int dnsPort;
    public final int httpPort;
    public final int tlsPort;
    private Process pebble;
    private int alternateRoots;
    private Process dns;

    private PebbleCa(Path directory, int httpPort, int tlsPort) throws IOException {
        this.directory = directory;
        this.acmePort = freePort();
        this.managementPort = freePort();
        this.dnsPort = freePort();
        this.httpPort = httpPort;
        this.tlsPort = tlsPort;
    }

    /**
     * Starts pebble.
     *
     * @param validitySeconds lifetime of issued certificates (0 = pebble's default of 5 years)
     */
    public static PebbleCa start(Path directory, long validitySeconds) throws IOException {
        return start(directory, validitySeconds, java.util.Map.of(), 0);
    }

    /**
     * Starts pebble with options.
     *
     * @param eabKeys external account binding keys (kid → base64url key); non-empty makes EAB required
     * @param alternateRoots how many alternate chains pebble offers (PEBBLE_ALTERNATE_ROOTS)
     */
    public static PebbleCa start(
            Path directory, long validitySeconds, java.util.Map<String, String> eabKeys, int alternateRoots)
            throws IOException {
        requirePebble();
        Files.createDirectories(directory);
        PebbleCa ca = new PebbleCa(directory, freePort(), freePort());
        ca.alternateRoots = alternateRoots;
        ca.makeCertificates();
        ca.writeConfig(validitySeconds, eabKeys);
        ca.startDns();
        ca.startPebble();
        return ca;
    }

    /** The ACME directory URL. */
    public String directoryUrl() {
        return "https://localhost:" + acmePort + "/dir";
    }

    /** The PEM file of the CA that signed pebble's HTTPS certificate (for {@code caCertificates}). */
    public Path caFile() {
        return directory.resolve("ca.pem");
    }

    /** Stops pebble (the CA "goes away"); DNS stays. */
    public void stopPebble() {
        stop(pebble);
    }

    /** Starts pebble again (it forgets accounts and orders). */
    public void startPebble() throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder("/usr/bin/pebble", "-config", "pebble.json", "-dnsserver", "127.0.0.1:" + dnsPort);
        builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
        builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        builder.environment().put("PEBBLE_AUTHZREUSE", "0");
        builder.environment().put("PEBBLE_ALTERNATE_ROOTS", Integer.toString(alternateRoots));
        pebble = builder.directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("pebble.log").toFile()))
                .start();
        pebble.getOutputStream().close();
        HttpClient client;
        try {
            client = trustingClient();
        } catch (Exception e) {
            throw new IOException("cannot trust " + caFile(), e);
        }
        await("pebble answering on " + directoryUrl())
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> client.send(
                                        HttpRequest.newBuilder(URI.create(directoryUrl()))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /** Pebble's log so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(directory.resolve("pebble.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop(pebble);
        stop(dns);
    }

    private HttpClient trustingClient() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry(
                "ca",
                java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(Files.newInputStream(caFile())));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private void makeCertificates() throws IOException {
        run(
                directory,
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-keyout",
                        "ca.key",
                        "-out",
                        "ca.pem",
                        "-days",
                        "2",
                        "-subj",
                        "/CN=swarmedge test pebble HTTPS CA"));
        Files.writeString(
                directory.resolve("leaf.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
                StandardCharsets.US_ASCII);
        run(
                directory,
                List.of(
                        "openssl",
                        "req",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:prime256v1",
                        "-nodes",
                        "-keyout",
                        "key.pem",
                        "-out",
                        "leaf.csr",
                        "-subj",
                        "/CN=localhost"));
        run(
                directory,
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        "leaf.csr",
                        "-CA",
                        "ca.pem",
                        "-CAkey",
                        "ca.key",
                        "-CAcreateserial",
                        "-out",
                        "cert.pem",
                        "-days",
                        "2",
                        "-extfile",
                        "leaf.ext"));
    }

    private void writeConfig(long validitySeconds, java.util.Map<String, String> eabKeys) throws IOException {
        String config = """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "cert.pem",
                  "privateKey": "key.pem",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": %s,
                  "externalAccountMACKeys": %s%s
                }}
                """.formatted(
                        acmePort,
                        managementPort,
                        httpPort,
                        tlsPort,
                        !eabKeys.isEmpty(),
                        "{}",
                        validitySeconds > 0 ? ",\n  \"certificateValidityPeriod\": " + validitySeconds : "");
        Files.writeString(directory.resolve("pebble.json"), config, StandardCharsets.UTF_8);
    }

    private void startDns() throws IOException {
        dns = new ProcessBuilder(
                        "/usr/bin/pebble-challtestsrv",
                        "-defaultIPv4",
                        "127.0.0.1",
                        "-defaultIPv6",
                        "",
                        "-dns01",
                        "127.0.0.1:" + dnsPort,
                        "-http01",
                        "",
                        "-https01",
                        "",
                        "-tlsalpn01",
                        "",
                        "-management",
                        "127.0.0.1:" + freePort())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("dns.log").toFile()))
                .start();
        dns.getOutputStream().close();
        // pebble fails a validation whose name does not resolve: wait until the DNS server answers
        await("pebble-challtestsrv answering DNS on 127.0.0.1:" + dnsPort)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(this::dnsAnswers);
    }

    private boolean dnsAnswers() throws IOException {
        // a minimal query: id 0x1234, recursion desired, one question "probe.test" A IN
        byte[] query = {
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'p', 'r', 'o', 'b', 'e', 4, 't', 'e', 's', 't', 0, 0, 1,
            0, 1
        };
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.setSoTimeout(200);
            java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
            socket.send(new java.net.DatagramPacket(query, query.length, loopback, dnsPort));
            byte[] answer = new byte[512];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(answer, answer.length);
            socket.receive(packet);
            return packet.getLength() > 12 && answer[0] == 0x12 && answer[1] == 0x34;
        }
    }

    private static void requirePebble() {
        for (String binary : new String[] {"/usr/bin/pebble", "/usr/bin/pebble-challtestsrv", "/usr/bin/openssl"}) {
            if (!Files.isExecutable(Path.of(binary))) {
                String message =
                        binary + " is missing: install Debian's pebble and openssl (scripts/packages/acme.txt)";
                if ("true".equals(System.getenv("CI"))) {
                    org.junit.jupiter.api.Assertions.fail(message);
                }
                org.junit.jupiter.api.Assumptions.abort(message);
            }
        }
    }

    /** A loopback TCP port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command in {@code directory}; throws with its output when it fails. */
    static String run(Path directory, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + ": did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited " + process.exitValue() + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(command.toString());
        }
    }

    /** Stops a process we started: TERM, then KILL after a grace period. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
