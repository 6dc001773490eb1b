package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.Metrics;
import io.swarmedge.config.staticconfig.Ping;
import io.swarmedge.proxy.tls.CertificateGenerator;
import io.swarmedge.proxy.tls.KeyType;
import io.swarmedge.proxy.tls.ServerCertificate;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 (TLS, ALPN h2) across a drain and under the connection limit, checked with nghttp2's own
 * clients: GOAWAY with the largest stream id then with the real one while a stream finishes, {@code
 * SETTINGS_MAX_CONCURRENT_STREAMS} 250, and {@code maxConnections} counting TCP connections, not
 * streams. Also how an idle HTTP/1.1 connection over TLS ends in a drain (close_notify, then FIN).
 */
class Http2LifecycleIT {
    private static final Pattern GOAWAY =
            Pattern.compile("recv GOAWAY frame.*?\\n\\s*\\(last_stream_id=(\\d+), error_code=(\\w+)");

    private WhoamiServer backend;
    private ProxyServer proxy;

    @BeforeEach
    void prerequisites() {
        for (String tool : List.of("nghttp", "h2load")) {
            if (!Files.isExecutable(Path.of("/usr/bin/" + tool))) {
                String missing = "`" + tool + "` is not installed (Debian package nghttp2-client)";
                if ("true".equals(System.getenv("CI"))) {
                    Assertions.fail(missing);
                }
                Assumptions.abort(missing);
            }
        }
        backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    @Test
    void drainSendsTwoGoAwaysAndLetsTheOpenStreamFinish() throws Exception {
        start(EntryPoint.Limits.DEFAULT);
        int port = proxy.port("websecure");
        Process nghttp = new ProcessBuilder("nghttp", "-v", "-t", "20", "https://127.0.0.1:" + port + "/slow?ms=2500")
                .redirectErrorStream(true)
                .start();
        // own threads: the common pool has a single thread on a two-core machine
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(nghttp), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.requestCount("/slow") == 1);
        long sigterm = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(proxy::shutdown, threads);

        assertThat(nghttp.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = output.get(5, TimeUnit.SECONDS);
        long streamDoneMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
        assertThat(nghttp.exitValue()).as(out).isZero();
        Matcher goaway = GOAWAY.matcher(out);
        assertThat(goaway.find()).as(out).isTrue();
        assertThat(goaway.group(1)).isEqualTo("2147483647");
        assertThat(goaway.group(2)).isEqualTo("NO_ERROR");
        int first = goaway.end();
        assertThat(goaway.find()).as("a second GOAWAY:\n" + out).isTrue();
        String lastStream = goaway.group(1);
        assertThat(goaway.group(2)).isEqualTo("NO_ERROR");
        Matcher answered =
                Pattern.compile("recv \\(stream_id=(\\d+)\\) :status: 200").matcher(out);
        assertThat(answered.find()).as(out).isTrue();
        assertThat(answered.start())
                .as("the stream opened before the GOAWAY is answered, after it:\n" + out)
                .isGreaterThan(first);
        // nghttp sends its request on stream 13 (1 to 11 carry its priority tree): the real last stream id
        assertThat(lastStream).isEqualTo(answered.group(1));
        assertThat(out).contains("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):250");
        shutdown.get(20, TimeUnit.SECONDS);
        System.out.printf(
                "h2 drain: GOAWAY(2147483647), PING, GOAWAY(%s); open stream answered %d ms after SIGTERM%n",
                lastStream, streamDoneMillis);
    }

    @Test
    void http2ClientsMoveToNewConnectionsWithoutLosingARequest() throws Exception {
        start(EntryPoint.Limits.DEFAULT);
        CertificateGenerator generator = new CertificateGenerator(java.time.Clock.systemUTC(), new SecureRandom());
        ServerCertificate ca = generator.certificateAuthority("drain test CA", KeyType.EC);
        proxy.obtainedCertificates(List.of(generator.signed(ca, List.of("localhost"), KeyType.EC, Duration.ofDays(1))));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.leaf());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        URI uri = URI.create("https://localhost:" + proxy.port("websecure") + "/slow?ms=100");
        AtomicLong ok = new AtomicLong();
        AtomicLong okLate = new AtomicLong();
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lateAfter = new AtomicLong(Long.MAX_VALUE);
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                loops.add(CompletableFuture.runAsync(
                        () -> {
                            while (System.nanoTime() - stopAt.get() < 0) {
                                try {
                                    HttpResponse<String> r = client.send(
                                            HttpRequest.newBuilder(uri)
                                                    .timeout(Duration.ofSeconds(10))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString());
                                    if (r.statusCode() != 200 || r.version() != HttpClient.Version.HTTP_2) {
                                        failed.add(r.statusCode() + " " + r.version());
                                    }
                                    ok.incrementAndGet();
                                    if (System.nanoTime() - lateAfter.get() > 0) {
                                        okLate.incrementAndGet();
                                    }
                                } catch (IOException e) {
                                    failed.add(e.toString());
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        threads));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > 40);
            long sigterm = System.nanoTime();
            // The first connection has its GOAWAYs within a round trip: what succeeds later used another one.
            lateAfter.set(sigterm + TimeUnit.MILLISECONDS.toNanos(300));
            stopAt.set(sigterm + TimeUnit.MILLISECONDS.toNanos(700)); // the floating IP has moved by then
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(proxy::shutdown, threads);
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            shutdown.get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "h2 clients through the drain: %d requests ok, %d of them on new connections after the GOAWAY, %d failed%n",
                    ok.get(), okLate.get(), failed.size());
            assertThat(failed).isEmpty();
            assertThat(okLate.get()).isPositive();
        }
    }

    @Test
    void idleHttp1OverTlsEndsWithCloseNotifyNotAReset() throws Exception {
        start(EntryPoint.Limits.DEFAULT);
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket)
                trustAll.getSocketFactory().createSocket("127.0.0.1", proxy.port("websecure"))) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            String head = "";
            while (!head.contains("\r\n\r\n")) {
                head += (char) in.read();
            }
            assertThat(head).startsWith("HTTP/1.1 200");
            Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
            assertThat(length.find()).isTrue();
            in.readNBytes(Integer.parseInt(length.group(1)));
            long sigterm = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(
                    proxy::shutdown, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            // close_notify then FIN after the accept grace: a clean end of stream, no exception
            assertThat(in.read()).isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm))
                    .isGreaterThanOrEqualTo(900);
            shutdown.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void maxConnectionsCountsConnectionsNotStreams() throws Exception {
        start(new EntryPoint.Limits(1 << 20, 100, 1, 0, Duration.ZERO));
        int port = proxy.port("websecure");
        // One connection, up to 100 concurrent streams: the limit of one connection must not refuse any.
        Process h2load = new ProcessBuilder(
                        "h2load", "-n", "600", "-c", "1", "-m", "100", "https://127.0.0.1:" + port + "/slow?ms=20")
                .redirectErrorStream(true)
                .start();
        String out = read(h2load);
        assertThat(h2load.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("600 succeeded, 0 failed, 0 errored");
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.openConnections("websecure") == 0);
        // A second connection while one is open is over the limit.
        try (RawHttp first = new RawHttp(port)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections("websecure") == 1);
            try (RawHttp second = new RawHttp(port)) {
                assertThat(second.closedByPeer()).isTrue();
            }
        }
    }

    private void start(EntryPoint.Limits limits) throws Exception {
        EntryPoint.LifeCycle life = new EntryPoint.LifeCycle(Duration.ofSeconds(1), Duration.ofSeconds(20));
        EntryPoint websecure = entryPoint(
                "websecure", EntryPoint.RespondingTimeouts.DEFAULT, limits, life, EntryPoint.ForwardedHeaders.NONE);
        proxy = ProxyServer.start(
                staticConfig(Ping.DISABLED, Metrics.DISABLED, websecure), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        Router secure = new Router(
                "PathPrefix(`/`)",
                RuleSyntax.DEFAULT,
                0,
                List.of(),
                List.of(),
                "a@file",
                new RouterTls(true, "", "", List.of()));
        proxy.apply(new DynamicConfig(
                new HttpConfig(Map.of("a@file", secure), Map.of("a@file", lb(backend.uri())), Map.of(), Map.of()),
                TlsConfig.EMPTY));
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
