package io.swarmedge.whoami;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running whoami backend: a Netty HTTP/1.1 server (epoll when available) that answers with who it is and
 * the request it saw.
 *
 * <p>Endpoints: {@code /health} (GET answers the current health status; POST with a status code as body
 * changes it), {@code /data?size=N} (N bytes, streamed), {@code /slow?ms=N} (answers after N ms), {@code /echo}
 * and any other POST/PUT/PATCH (the request body streamed back), {@code /ws} (WebSocket echo), anything else
 * (the whoami text). Tests start one in-process:
 *
 * <pre>{@code
 * try (WhoamiServer backend = WhoamiServer.start(WhoamiOptions.loopback().withName("a"))) {
 *     URI uri = backend.uri(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class WhoamiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WhoamiServer.class);
    private static final int IDLE_SECONDS = 300;
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;
    private static final int MAX_WEBSOCKET_FRAME = 1 << 20;

    private final WhoamiOptions options;
    private final HostIdentity identity;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final AtomicInteger health;
    private final RequestCounters counters;
    private final String transport;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean stopping;

    private WhoamiServer(
            WhoamiOptions options,
            HostIdentity identity,
            EventLoopGroup group,
            Channel serverChannel,
            ChannelGroup connections,
            AtomicInteger health,
            RequestCounters counters,
            AtomicBoolean stopping,
            String transport) {
        this.options = options;
        this.stopping = stopping;
        this.identity = identity;
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.health = health;
        this.counters = counters;
        this.transport = transport;
    }

    /**
     * Binds and starts serving; returns once the port accepts connections.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local, ...)
     */
    public static WhoamiServer start(WhoamiOptions options) {
        HostIdentity identity = HostIdentity.discover(options.name());
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        int threads = options.ioThreads() == 0 ? Runtime.getRuntime().availableProcessors() : options.ioThreads();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, ioHandler);
        ChannelGroup connections = new DefaultChannelGroup("whoami-connections", GlobalEventExecutor.INSTANCE);
        AtomicInteger health = new AtomicInteger(options.healthStatus());
        RequestCounters counters = new RequestCounters();
        AtomicBoolean stopping = new AtomicBoolean();
        try {
            InetSocketAddress address = options.bindAddress().isEmpty()
                    ? new InetSocketAddress(options.port())
                    : new InetSocketAddress(InetAddress.getByName(options.bindAddress()), options.port());
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            pipeline(ch.pipeline(), identity, health, counters, stopping);
                        }
                    })
                    .bind(address)
                    .sync()
                    .channel();
            String transportName = epoll ? "epoll" : "nio";
            WhoamiServer server = new WhoamiServer(
                    options, identity, group, channel, connections, health, counters, stopping, transportName);
            LOG.info(
                    "event=whoami_listening address={} name={} transport={} threads={}",
                    channel.localAddress(),
                    identity.name(),
                    transportName,
                    threads);
            return server;
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String where = (options.bindAddress().isEmpty() ? "*" : options.bindAddress()) + ":" + options.port();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new UncheckedIOException(
                    new IOException("whoami cannot listen on " + where + ": " + e.getMessage(), e));
        }
    }

    private static void pipeline(
            ChannelPipeline pipeline,
            HostIdentity identity,
            AtomicInteger health,
            RequestCounters counters,
            AtomicBoolean stopping) {
        pipeline.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS));
        pipeline.addLast(new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(MAX_CHUNK_BYTES)));
        pipeline.addLast(new HttpServerExpectContinueHandler());
        pipeline.addLast(new ChunkedWriteHandler());
        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .maxFramePayloadLength(MAX_WEBSOCKET_FRAME)
                .build()));
        pipeline.addLast(new WebSocketEcho(counters));
        pipeline.addLast(new WhoamiHandler(identity, health, counters, stopping));
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return address().getPort();
    }

    /** The bound socket address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** {@code http://host:port} to reach this server; a wildcard bind is reached through 127.0.0.1. */
    public URI uri() {
        InetAddress bound = address().getAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** The name reported in the {@code Hostname:} line. */
    public String name() {
        return identity.name();
    }

    /** The options the server was started with. */
    public WhoamiOptions options() {
        return options;
    }

    /** {@code "epoll"} or {@code "nio"}. */
    public String transport() {
        return transport;
    }

    /** Makes {@code GET /health} answer {@code status} from now on (200..599). */
    public void setHealthStatus(int status) {
        health.set(HealthStatus.check(status));
    }

    /** The status {@code GET /health} answers with now. */
    public int healthStatus() {
        return health.get();
    }

    /** HTTP requests received since start (every endpoint, WebSocket handshakes excluded). */
    public long requestCount() {
        return counters.requests.sum();
    }

    /**
     * HTTP requests received since start for one path (query excluded), e.g. {@code requestCount("/health")}
     * to tell a proxy's health checks from the traffic it forwards.
     */
    public long requestCount(String path) {
        return counters.requests(path);
    }

    /** TCP connections accepted since start: with keep-alive, fewer than {@link #requestCount()}. */
    public long acceptedConnections() {
        return counters.acceptedConnections.sum();
    }

    /** TCP connections open now. */
    public long openConnections() {
        return counters.openConnections.get();
    }

    /** WebSocket sessions opened on {@code /ws} since start. */
    public long webSocketSessions() {
        return counters.webSocketSessions.sum();
    }

    /** Drops every open connection abruptly (the server keeps listening): simulates a backend restart. */
    public void dropConnections() {
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Blocks until the server is closed (by {@link #close()} from another thread). */
    public void awaitTermination() throws InterruptedException {
        serverChannel.closeFuture().sync();
        group.terminationFuture().sync();
    }

    /**
     * Stops the way a well-behaved backend of a proxy does on SIGTERM: it goes on serving, new
     * connections included, for {@code stillServing} (the proxy may not know yet that the task is
     * stopping: Swarm signals the container at the moment it tells the managers), every answer closing
     * its connection; then it stops listening, lets the requests under way finish (up to {@code
     * finishing}), and closes the rest.
     */
    public void stop(Duration stillServing, Duration finishing) {
        if (closed.get() || !stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info(
                "event=whoami_stopping name={} still_serving_ms={} open_connections={}",
                identity.name(),
                stillServing.toMillis(),
                connections.size());
        sleep(stillServing);
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.forEach(c -> c.pipeline().fireUserEventTriggered(WhoamiHandler.STOP));
        long deadline = System.nanoTime() + finishing.toNanos();
        while (System.nanoTime() < deadline && !connections.isEmpty()) {
            sleep(Duration.ofMillis(20));
        }
        close();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening, closes every connection and releases the event loops. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        LOG.info("event=whoami_closed name={} requests={}", identity.name(), requestCount());
    }
}
