package io.swarmedge.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.swarmedge.proxy.transport.IoTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One backend server reached through one transport, shared by every runtime that lists it: its
 * connection pool, requests in flight (for p2c) and passive ejection state live here so they survive
 * reloads.
 *
 * <p>Passive ejection: a server whose connections are refused or reset is skipped for a short period
 * that doubles with each consecutive failure (1 s up to 30 s); a success or a passing active health
 * check re-admits it.
 *
 * <p>Dead servers (a node that died: its tasks' addresses swallow packets until Swarm notices, seconds
 * later) are given up on fast without changing Traefik's timeouts: a connect still pending after
 * {@link #SLOW_CONNECT} fails the request's attempt when another server can take it (the caller then
 * ejects this one and retries elsewhere) while the connect itself goes on, to the pool if it ever
 * succeeds; on epoll, data a server does not acknowledge within {@link #UNACKNOWLEDGED_LIMIT} and
 * keep-alive probes end connections to servers that vanished, pooled or busy.
 */
public final class Upstream {
    private static final long FIRST_EJECTION_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_EJECTION_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Far above a connect's time inside a swarm (well under a millisecond), far below a dial timeout. */
    public static final Duration SLOW_CONNECT = Duration.ofMillis(250);
    /** TCP_USER_TIMEOUT: a live server's kernel acknowledges within milliseconds, even when it is busy. */
    public static final Duration UNACKNOWLEDGED_LIMIT = Duration.ofMillis(1500);
    /**
     * Keep-alive probes after this much silence, one a second, two unanswered end the connection: a
     * request the server acknowledged before it vanished fails (and a GET is retried) within ~4 s.
     */
    private static final int KEEPALIVE_IDLE_SECONDS = 2;

    private static final int KEEPALIVE_INTERVAL_SECONDS = 1;
    private static final int KEEPALIVE_PROBES = 2;
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
        return connect(loop, () -> false);
    }

    /**
     * As {@link #connect(EventLoop)}, but a connect still pending after {@link #SLOW_CONNECT} fails the
     * returned future with a {@link SlowConnectException} when {@code alternative} says another server
     * could take the request. The connect goes on: if it succeeds later the connection joins the pool
     * and the server is re-admitted; if it fails the failure is recorded.
     */
    public Future<? extends Channel> connect(EventLoop loop, BooleanSupplier alternative) {
        if (h2c != null) {
            return h2c.openStream(loop, new UpstreamConnection(this));
        }
        Promise<Channel> connected = loop.newPromise();
        ChannelFuture connecting = connectHttp1(loop);
        ScheduledFuture<?> slow = connectTimeoutMillis > SLOW_CONNECT.toMillis()
                ? loop.schedule(
                        () -> {
                            if (!connecting.isDone() && alternative.getAsBoolean()) {
                                connected.tryFailure(new SlowConnectException(key.url(), SLOW_CONNECT));
                            }
                        },
                        SLOW_CONNECT.toNanos(),
                        TimeUnit.NANOSECONDS)
                : null;
        connecting.addListener(f -> {
            if (slow != null) {
                slow.cancel(false);
            }
            if (f.isSuccess()) {
                if (!connected.trySuccess(connecting.channel())) {
                    // The request went to another server meanwhile: the next one can use this.
                    recordSuccess();
                    connectionOf(connecting.channel()).release(true);
                }
            } else if (!connected.tryFailure(f.cause())) {
                recordFailure();
            }
        });
        return connected;
    }

    private ChannelFuture connectHttp1(EventLoop loop) {
        UpstreamConnection connection = new UpstreamConnection(this);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        if (transport.socketChannel() == EpollSocketChannel.class) {
            bootstrap
                    .option(EpollChannelOption.TCP_USER_TIMEOUT, (int) UNACKNOWLEDGED_LIMIT.toMillis())
                    .option(EpollChannelOption.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS)
                    .option(EpollChannelOption.TCP_KEEPINTVL, KEEPALIVE_INTERVAL_SECONDS)
                    .option(EpollChannelOption.TCP_KEEPCNT, KEEPALIVE_PROBES);
        }
        return bootstrap
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

    /**
     * A connection to this server timed out (its data went unacknowledged): the server is gone, not
     * just one stale connection. Ejects it and closes its idle connections, which are as dead.
     */
    void connectionTimedOut() {
        recordFailure();
        pool.closeIdle();
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
