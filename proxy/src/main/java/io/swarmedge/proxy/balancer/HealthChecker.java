package io.swarmedge.proxy.balancer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.proxy.transport.IoTransport;
import io.swarmedge.proxy.upstream.Upstream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: a small non-blocking HTTP client on the proxy's event loops probes every
 * checked server on its own schedule ({@code interval} while up, {@code unhealthyInterval} while
 * down) and flips its {@link ServerHealth}. A passing check also re-admits a passively ejected server.
 * State is keyed by {@link HealthKey} so it survives reloads that keep the server and its check.
 */
public final class HealthChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    /** A server's health changed. */
    public record Change(String service, String url, boolean up) {}

    private final EventLoopGroup group;
    private final IoTransport transport;
    private final Consumer<Change> listener;
    private final Map<HealthKey, Probe> probes = new ConcurrentHashMap<>();

    public HealthChecker(EventLoopGroup group, IoTransport transport, Consumer<Change> listener) {
        this.group = group;
        this.transport = transport;
        this.listener = listener;
    }

    /** The health state for {@code key}; the probe starts when {@link #retain} keeps it. */
    public ServerHealth health(HealthKey key, Upstream upstream) {
        Probe probe = probes.computeIfAbsent(key, k -> new Probe(k, upstream));
        // Same URL, new address (DNS changed): probe and re-admit the upstream the runtime now uses.
        probe.upstream = upstream;
        return probe.health;
    }

    /** Starts probes for new keys and stops those not in {@code live}. */
    public void retain(Set<HealthKey> live) {
        probes.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                e.getValue().start();
                return false;
            }
            e.getValue().stop();
            return true;
        });
    }

    @Override
    public void close() {
        retain(Set.of());
    }

    private final class Probe {
        final HealthKey key;
        volatile Upstream upstream;
        final ServerHealth health = new ServerHealth();
        final EventLoop loop = group.next();
        volatile boolean started;
        volatile boolean stopped;
        volatile ScheduledFuture<?> next;

        Probe(HealthKey key, Upstream upstream) {
            this.key = key;
            this.upstream = upstream;
        }

        void start() {
            if (!started) {
                started = true;
                loop.execute(this::run);
            }
        }

        void stop() {
            stopped = true;
            ScheduledFuture<?> f = next;
            if (f != null) {
                f.cancel(false);
            }
        }

        void run() {
            if (stopped) {
                return;
            }
            HealthCheck check = key.check();
            URI url = key.upstream().url();
            InetSocketAddress target = upstream.address();
            if (check.port() != 0) {
                target = new InetSocketAddress(target.getAddress(), check.port());
            }
            String path = check.path().isEmpty() ? "/" : check.path();
            String host = !check.hostname().isEmpty()
                    ? check.hostname()
                    : url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
            FullHttpRequest request = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1,
                    HttpMethod.valueOf(check.method().isEmpty() ? "GET" : check.method()),
                    path,
                    Unpooled.EMPTY_BUFFER);
            request.headers().set(HttpHeaderNames.HOST, host);
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            request.headers().set(HttpHeaderNames.USER_AGENT, "swarmedge-healthcheck");
            check.headers().forEach(request.headers()::set);
            long timeoutMillis = Math.max(1, check.timeout().toMillis());
            Outcome outcome = new Outcome();
            Channel[] channel = new Channel[1];
            ScheduledFuture<?> timeout = loop.schedule(
                    () -> {
                        outcome.finish(false, "timeout after " + timeoutMillis + "ms");
                        if (channel[0] != null) {
                            channel[0].close();
                        }
                    },
                    timeoutMillis,
                    TimeUnit.MILLISECONDS);
            new Bootstrap()
                    .group(loop)
                    .channel(transport.socketChannel())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpClientCodec())
                                    .addLast(new SimpleChannelInboundHandler<HttpObject>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                            if (msg instanceof HttpResponse response) {
                                                int code = response.status().code();
                                                boolean ok = check.status() != 0
                                                        ? code == check.status()
                                                        : code >= 200 && code < 400;
                                                outcome.finish(ok, "status " + code);
                                                ctx.close();
                                            }
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            outcome.finish(false, "connection closed before a response");
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            outcome.finish(false, String.valueOf(cause.getMessage()));
                                            ctx.close();
                                        }
                                    });
                        }
                    })
                    .connect(target)
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            channel[0] = f.channel();
                            f.channel().writeAndFlush(request);
                        } else {
                            request.release();
                            outcome.finish(false, "connect: " + f.cause().getMessage());
                        }
                    });
            outcome.timeout = timeout;
        }

        /** One probe's result: first verdict wins, then the next probe is scheduled. */
        private final class Outcome {
            boolean done;
            ScheduledFuture<?> timeout;

            void finish(boolean up, String reason) {
                if (done) {
                    return;
                }
                done = true;
                if (timeout != null) {
                    timeout.cancel(false);
                }
                if (stopped) {
                    return;
                }
                if (health.set(up)) {
                    LOG.info(
                            "health-check service={} url={} up={} reason=\"{}\"",
                            key.service(),
                            key.upstream().url(),
                            up,
                            reason);
                    listener.accept(
                            new Change(key.service(), key.upstream().url().toString(), up));
                }
                if (up) {
                    upstream.recordSuccess();
                }
                Duration wait = up ? key.check().interval() : key.check().unhealthyInterval();
                long millis = Math.max(10, wait.toMillis());
                next = loop.schedule(Probe.this::run, millis, TimeUnit.MILLISECONDS);
            }
        }
    }
}
