package io.swarmedge.socketproxy.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Opens connections to the Docker daemon's unix socket on the caller's event loop. */
public final class DaemonConnector {
    static final String CODEC = "codec";
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_LOOKUP_BODY = 4 * 1024 * 1024;

    private final DomainSocketAddress address;
    private final Duration connectTimeout;

    public DaemonConnector(Path socket, Duration connectTimeout) {
        this.address = new DomainSocketAddress(socket.toString());
        this.connectTimeout = connectTimeout;
    }

    /** The socket path, for logs. */
    public String path() {
        return address.path();
    }

    /** A connection for forwarding: HTTP client codec followed by {@code handler}. */
    ChannelFuture connect(EventLoop loop, ChannelHandler handler) {
        return bootstrap(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(CODEC, new HttpClientCodec(MAX_HEAD, MAX_HEAD, 64 * 1024, false));
                        ch.pipeline().addLast("daemon", handler);
                    }
                })
                .connect(address);
    }

    /** One GET on its own connection, answered in full (bounded) or failed within the timeout. */
    Future<FullHttpResponse> get(EventLoop loop, String target, Duration timeout) {
        Promise<FullHttpResponse> promise = loop.newPromise();
        ChannelFuture connect = bootstrap(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new HttpClientCodec(MAX_HEAD, MAX_HEAD, 64 * 1024, true))
                                .addLast(new HttpObjectAggregator(MAX_LOOKUP_BODY))
                                .addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                        promise.trySuccess(msg.retain());
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        promise.tryFailure(new IOException("daemon closed the lookup connection"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        promise.tryFailure(cause);
                                        ctx.close();
                                    }
                                });
                    }
                })
                .connect(address);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(f.cause());
                return;
            }
            var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
            request.headers().set(HttpHeaderNames.HOST, "docker");
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            request.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            connect.channel().writeAndFlush(request);
        });
        return promise;
    }

    private Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap()
                .group(loop)
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
    }
}
