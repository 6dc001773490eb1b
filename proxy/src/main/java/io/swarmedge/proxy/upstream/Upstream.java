package io.swarmedge.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.swarmedge.proxy.transport.IoTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One backend server reached through one transport, shared by every runtime that lists it: its
 * connection pool, requests in flight (for p2c) and passive ejection state live here so they survive
 * reloads.
 *
 * <p>Passive ejection: a server whose connections are refused or reset is skipped for a short period
 * that doubles with each consecutive failure (1 s up to 30 s); a success or a passing active health
 * check re-admits it.
 */
public final class Upstream {
    private static final long FIRST_EJECTION_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_EJECTION_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Response head limits towards servers: generous, servers are trusted more than clients. */
    private static final int MAX_INITIAL_LINE = 16 * 1024;

    private static final int MAX_HEADER_BYTES = 256 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final UpstreamKey key;
    private final InetSocketAddress address;
    private final IoTransport transport;
    private final ConnectionPool pool;
    private final LongSupplier nanoClock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int connectTimeoutMillis;
    private final H2cConnections h2c;
    private volatile long ejectedUntil;
    private volatile int failures;

    public Upstream(UpstreamKey key, InetSocketAddress address, IoTransport transport, LongSupplier nanoClock) {
        this.key = key;
        this.address = address;
        this.transport = transport;
        this.nanoClock = nanoClock;
        Duration idle = key.transport().idleConnTimeout();
        this.pool = new ConnectionPool(
                Math.max(0, key.transport().maxIdleConnsPerHost()), idle.isZero() ? 0 : idle.toNanos(), nanoClock);
        Duration dial = key.transport().dialTimeout();
        this.connectTimeoutMillis = dial.isZero() ? 30_000 : (int) Math.min(Integer.MAX_VALUE, dial.toMillis());
        this.h2c = "h2c".equalsIgnoreCase(key.url().getScheme())
                ? new H2cConnections(address, transport, connectTimeoutMillis)
                : null;
    }

    public UpstreamKey key() {
        return key;
    }

    public URI url() {
        return key.url();
    }

    public InetSocketAddress address() {
        return address;
    }

    public ConnectionPool pool() {
        return pool;
    }

    /** Requests currently in flight on this server. */
    public AtomicInteger inFlight() {
        return inFlight;
    }

    /**
     * Opens a new connection on {@code loop} (for {@code h2c} servers: a new stream on the loop's shared
     * HTTP/2 connection); the future's channel carries an {@link UpstreamConnection}.
     */
    public Future<? extends Channel> connect(EventLoop loop) {
        if (h2c != null) {
            return h2c.openStream(loop, new UpstreamConnection(this));
        }
        Promise<Channel> connected = loop.newPromise();
        ChannelFuture connecting = connectHttp1(loop);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                connected.setSuccess(connecting.channel());
            } else {
                connected.setFailure(f.cause());
            }
        });
        return connected;
    }

    private ChannelFuture connectHttp1(EventLoop loop) {
        UpstreamConnection connection = new UpstreamConnection(this);
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        "http",
                                        new HttpClientCodec(
                                                new HttpDecoderConfig()
                                                        .setMaxInitialLineLength(MAX_INITIAL_LINE)
                                                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                                                        .setMaxChunkSize(MAX_CHUNK)
                                                        .setValidateHeaders(false),
                                                false,
                                                false))
                                .addLast("upstream", connection);
                    }
                })
                .connect(address);
    }

    /** Whether this server speaks HTTP/2 with prior knowledge ({@code h2c://}). */
    public boolean h2c() {
        return h2c != null;
    }

    /** The handler of a channel opened by {@link #connect}. */
    public static UpstreamConnection connectionOf(io.netty.channel.Channel channel) {
        return (UpstreamConnection) channel.pipeline().get("upstream");
    }

    /** Whether the server is passively ejected right now. */
    public boolean ejected() {
        long until = ejectedUntil;
        return until != 0 && nanoClock.getAsLong() - until < 0;
    }

    /** A connection was refused or reset: eject for a period that grows with consecutive failures. */
    public void recordFailure() {
        int n;
        synchronized (this) {
            n = ++failures;
        }
        long period = Math.min(MAX_EJECTION_NANOS, FIRST_EJECTION_NANOS << Math.min(n - 1, 16));
        long until = nanoClock.getAsLong() + period;
        ejectedUntil = until == 0 ? 1 : until;
    }

    /** The server answered: forget past failures (cheap when there were none). */
    public void recordSuccess() {
        if (failures != 0) {
            readmit();
        }
    }

    /** Re-admits the server (an active health check passed). */
    public void readmit() {
        synchronized (this) {
            failures = 0;
        }
        ejectedUntil = 0;
    }

    /** Closes idle connections; in-flight ones close when their exchange ends. */
    public void retire() {
        pool.close();
        if (h2c != null) {
            h2c.close();
        }
    }

    @Override
    public String toString() {
        return "Upstream[" + key.url() + "]";
    }
}
