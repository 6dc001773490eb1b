package io.swarmedge.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.proxy.tls.ocsp.OcspStapling;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session resumption with the OpenSSL engine, checked by {@code openssl s_client -sess_out/-sess_in}:
 * a ticket from one connection resumes the next (TLS 1.3 and TLS 1.2), also on contexts rebuilt by
 * a reload and after one key rotation; after two rotations the ticket's key is gone and the
 * handshake is a full one.
 */
class SessionResumptionIT {
    private static final String HOST = "resume.swarmedge.test";

    @TempDir
    Path dir;

    @BeforeEach
    void prerequisites() {
        boolean openssl = Files.isExecutable(Path.of("/usr/bin/openssl"));
        String missing = !openssl
                ? "`openssl` is not installed (Debian package openssl)"
                : !OpenSsl.isAvailable() ? "netty-tcnative (OpenSSL engine) does not load here" : null;
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void aTicketResumesAcrossReloadsAndOneRotation(String version) throws Exception {
        ServerCertificate certificate =
                TestCertificates.GENERATOR.signed(TestCertificates.CA, List.of(HOST), KeyType.EC, Duration.ofDays(1));
        SessionTicketKeys keys = new SessionTicketKeys(new SecureRandom());
        try (OcspStapling stapling = OcspStapling.start(new SimpleMeterRegistry());
                TlsServices services = new TlsServices(stapling, keys, Duration.ofHours(12));
                EchoServer first = new EchoServer(build(certificate, services));
                EchoServer reloaded = new EchoServer(build(certificate, services))) {
            Path session = dir.resolve("session" + version + ".pem");
            String full = sClient(first.port(), version, "-sess_out", session);
            assertThat(full).contains("New, TLSv1." + (version.equals("-tls1_3") ? "3" : "2"));
            assertThat(session).isNotEmptyFile();

            assertThat(sClient(first.port(), version, "-sess_in", session)).contains("Reused, TLSv1.");
            // another build of the contexts (a configuration reload) shares the keys
            assertThat(sClient(reloaded.port(), version, "-sess_in", session)).contains("Reused, TLSv1.");

            keys.rotate(); // the ticket's key is now the previous one: still accepted
            assertThat(sClient(reloaded.port(), version, "-sess_in", session)).contains("Reused, TLSv1.");
            keys.rotate(); // and now dropped
            assertThat(sClient(reloaded.port(), version, "-sess_in", session)).contains("New, TLSv1.");
        }
    }

    private static TlsContexts build(ServerCertificate certificate, TlsServices services) {
        return TlsContexts.build(
                TlsConfig.EMPTY,
                TlsContexts.Selection.defaults(),
                List.of(certificate),
                TestCertificates.GENERATOR,
                TlsEngine.OPENSSL,
                services);
    }

    /** One s_client connection that sends a line and reads the echo (and the tickets sent with it). */
    private String sClient(int port, String version, String sessionOption, Path session)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "s_client", ".txt");
        Process client = new ProcessBuilder(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-servername",
                        HOST,
                        version,
                        sessionOption,
                        session.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try (java.io.OutputStream stdin = client.getOutputStream()) {
            // a request and its answer, as in HTTP: BoringSSL sends TLS 1.3 tickets with the server's
            // first write (by design, so a client that never reads cannot stall the server)
            stdin.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(out, StandardCharsets.ISO_8859_1).contains("\nping")
                    && client.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(200);
        }
        if (!client.waitFor(15, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("openssl s_client hung");
        }
        Files.writeString(
                Path.of("/tmp/h3-debug-" + version + sessionOption + ".txt"),
                Files.readString(out, StandardCharsets.ISO_8859_1));
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    /** A loopback TLS server selecting by SNI as the entrypoints do, echoing what it reads. */
    private static final class EchoServer implements AutoCloseable {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel channel;

        EchoServer(TlsContexts contexts) throws InterruptedException {
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(contexts.newSniHandler(), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.writeAndFlush(msg);
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", 0)
                    .sync()
                    .channel();
        }

        int port() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
