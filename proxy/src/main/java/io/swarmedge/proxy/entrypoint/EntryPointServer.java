package io.swarmedge.proxy.entrypoint;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.proxy.observability.AccessLogEntry;
import io.swarmedge.proxy.observability.ProxyMetrics;
import io.swarmedge.proxy.runtime.Runtime;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import io.swarmedge.proxy.tls.TlsContexts;
import io.swarmedge.proxy.transport.IoTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening entrypoint: accepts client connections and gives each the pipeline deadlines → HTTP/1.1
 * codec (with the entrypoint's header limits) → {@link ClientConnection}. Knows its connections so a
 * shutdown can drain them.
 *
 * <p>When the entrypoint has TLS ({@link #tls}), a {@link TlsDetector} goes first and turns TLS
 * connections into SNI handler → TLS → the same pipeline.
 */
public final class EntryPointServer {
    private static final Logger LOG = LoggerFactory.getLogger(EntryPointServer.class);
    private static final int MAX_CHUNK = 64 * 1024;
    /** Concurrent HTTP/2 streams per connection (Go's and so Traefik's default). */
    private static final int MAX_STREAMS = 250;

    private final EntryPoint config;
    private final IoTransport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final EntryPointContext context;
    private final ConnectionGate gate;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel server;
    /** The entrypoint's TLS for new connections; null while no router on it uses TLS. */
    private volatile TlsContexts tls;
    /** ACME HTTP-01 answers when this is a resolver's challenge entrypoint, else null. */
    private volatile ChallengeAnswers challenges;
    /** ACME TLS-ALPN-01 answers while ACME is active, else null. */
    private volatile ChallengeAnswers tlsChallenges;

    /**
     * @param accessLog receives one entry per request, or null for no access log
     * @param serverName this proxy's host name ({@code X-Forwarded-Server})
     */
    public EntryPointServer(
            EntryPoint config,
            IoTransport transport,
            EventLoopGroup acceptors,
            EventLoopGroup workers,
            Supplier<Runtime> runtime,
            ProxyMetrics metrics,
            Consumer<AccessLogEntry> accessLog,
            AtomicLong requestCount,
            InternalEndpoints internal,
            String serverName) {
        this.config = config;
        this.transport = transport;
        this.acceptors = acceptors;
        this.workers = workers;
        TrustedNetworks trusted = TrustedNetworks.of(
                config.forwardedHeaders().trustedIPs(),
                config.forwardedHeaders().insecure());
        this.context = new EntryPointContext(
                config, trusted, runtime, metrics, accessLog, requestCount, internal, serverName, connections);
        this.gate = new ConnectionGate(context);
    }

    /** Binds the address; blocks until bound. */
    public void start() throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        EntryPointServer.this.initChannel(ch);
                    }
                });
        InetSocketAddress address = config.host().isEmpty()
                ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.host(), config.port());
        server = bootstrap.bind(address).sync().channel();
        LOG.info(
                "entrypoint-started name={} address={} transport={}",
                config.name(),
                server.localAddress(),
                transport.name());
    }

    private void initChannel(SocketChannel ch) {
        EntryPoint.Limits limits = config.limits();
        int maxHeader = limits.maxHeaderBytes() > 0 ? limits.maxHeaderBytes() : 1 << 20;
        ConnectionDeadlines deadlines =
                new ConnectionDeadlines(context.readTimeoutNanos, context.idleTimeoutNanos, context.writeTimeoutNanos);
        ch.pipeline().addLast("gate", gate);
        TlsContexts contexts = tls;
        if (contexts != null) {
            ch.pipeline().addLast("tls-detect", new TlsDetector(contexts, this::http2, tlsChallenges));
        }
        ch.pipeline()
                .addLast("deadlines", deadlines)
                .addLast(
                        "http",
                        new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(maxHeader)
                                .setMaxHeaderSize(maxHeader)
                                .setMaxChunkSize(MAX_CHUNK)));
        ChallengeAnswers answers = challenges;
        if (answers != null) {
            ch.pipeline().addLast("acme-http-01", new AcmeHttpChallenge(answers, config.name()));
        }
        ch.pipeline().addLast("proxy", new ClientConnection(context, deadlines));
    }

    /**
     * Turns a TLS connection whose ALPN chose {@code h2} into HTTP/2: the HTTP/1.1 handlers go, each
     * stream becomes a child channel with HTTP/1 objects (the same {@link ClientConnection} and
     * exchange handling as HTTP/1.1; upstreams stay HTTP/1.1).
     */
    private void http2(io.netty.channel.ChannelHandlerContext ctx) {
        io.netty.channel.ChannelPipeline pipeline = ctx.pipeline();
        for (String name : new String[] {"deadlines", "http", "acme-http-01", "proxy"}) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        EntryPoint.Limits limits = config.limits();
        int maxHeader = limits.maxHeaderBytes() > 0 ? limits.maxHeaderBytes() : 1 << 20;
        pipeline.addLast(
                "h2",
                io.netty.handler.codec.http2.Http2FrameCodecBuilder.forServer()
                        .initialSettings(io.netty.handler.codec.http2.Http2Settings.defaultSettings()
                                .maxConcurrentStreams(MAX_STREAMS)
                                .maxHeaderListSize(maxHeader))
                        // a closing connection waits for its streams; the proxy's shutdown bounds the wait
                        .gracefulShutdownTimeoutMillis(-1)
                        .build());
        Http2Drain drain = new Http2Drain(context);
        pipeline.addLast(
                "h2-streams", new io.netty.handler.codec.http2.Http2MultiplexHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel stream) {
                        drain.streamOpened();
                        stream.attr(TlsDetector.SECURE).set(Boolean.TRUE);
                        ConnectionDeadlines deadlines = new ConnectionDeadlines(
                                context.readTimeoutNanos, context.idleTimeoutNanos, context.writeTimeoutNanos);
                        stream.pipeline()
                                .addLast("deadlines", deadlines)
                                .addLast(
                                        "h2-http",
                                        new io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec(true))
                                .addLast("h2-clean", new Http2RequestHeaders())
                                .addLast("proxy", new ClientConnection(context, deadlines));
                    }
                }));
        pipeline.addLast("h2-drain", drain);
    }

    /**
     * Sets the TLS served to new connections (established ones keep theirs); null serves plain HTTP
     * only.
     */
    public void tls(TlsContexts contexts) {
        this.tls = contexts;
    }

    /** Answers ACME HTTP-01 requests on new connections, before routing; null stops answering. */
    public void challenges(ChallengeAnswers answers) {
        this.challenges = answers;
    }

    /** Answers ACME TLS-ALPN-01 handshakes (ALPN {@code acme-tls/1}) on new TLS connections; null stops. */
    public void tlsChallenges(ChallengeAnswers answers) {
        this.tlsChallenges = answers;
    }

    /** The entrypoint's name. */
    public String name() {
        return config.name();
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Open client connections. */
    public int openConnections() {
        return connections.size();
    }

    /** Open client connections that still have something to do (not just waiting for the client's close). */
    public int busyConnections() {
        return connections.size() - context.lingering.get();
    }

    /** Stops accepting new connections; established ones keep going. */
    public void stopAccepting() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }

    /**
     * First step of a shutdown, while new connections are still accepted: every HTTP/1.1 response from
     * now on says {@code Connection: close}, and HTTP/2 connections get GOAWAY ({@link Http2Drain}), so
     * clients open new connections (which a floating IP or load balancer sends elsewhere).
     */
    public void beginDrain() {
        context.draining = true;
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> {
                Http2Drain h2 = ch.pipeline().get(Http2Drain.class);
                if (h2 != null) {
                    h2.start();
                }
            });
        }
    }

    /**
     * After accepting stopped: closes idle connections now (output first, see {@link
     * ClientConnection#closeGracefully}) and busy ones after their current response; HTTP/2 connections
     * after their streams.
     */
    public void drain() {
        context.draining = true;
        context.stopped = true;
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> {
                ClientConnection c = (ClientConnection) ch.pipeline().get("proxy");
                Http2Drain h2 = ch.pipeline().get(Http2Drain.class);
                if (c != null) {
                    c.drain();
                } else if (h2 != null) {
                    h2.start();
                } else {
                    ch.close();
                }
            });
        }
    }

    /** Closes every connection at once. */
    public void closeAll() {
        connections.close().awaitUninterruptibly(Duration.ofSeconds(5).toMillis());
    }
}
