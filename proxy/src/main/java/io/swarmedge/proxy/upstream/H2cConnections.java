package io.swarmedge.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.swarmedge.proxy.transport.IoTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/2 with prior knowledge ({@code h2c://}) towards one server: one multiplexed connection per
 * event loop, one stream per request. Each stream's pipeline converts HTTP/2 frames to the HTTP/1
 * objects an exchange reads and writes, so the rest of the proxy does not know the difference.
 */
final class H2cConnections {
    private final InetSocketAddress address;
    private final IoTransport transport;
    private final int connectTimeoutMillis;
    private final Map<EventLoop, ChannelFuture> parents = new ConcurrentHashMap<>();
    private volatile boolean closed;

    H2cConnections(InetSocketAddress address, IoTransport transport, int connectTimeoutMillis) {
        this.address = address;
        this.transport = transport;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Opens a stream carrying {@code connection}, connecting first when the loop has no live connection. */
    Future<Http2StreamChannel> openStream(EventLoop loop, UpstreamConnection connection) {
        Promise<Http2StreamChannel> promise = loop.newPromise();
        ChannelFuture parent = parents.get(loop);
        if (parent == null || (parent.isDone() && !parent.channel().isActive())) {
            parent = connect(loop);
            parents.put(loop, parent);
        }
        parent.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                parents.remove(loop, f);
                promise.setFailure(f.cause());
                return;
            }
            new Http2StreamChannelBootstrap(f.channel())
                    .handler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel ch) {
                            ch.pipeline()
                                    .addLast("http", new Http2StreamFrameToHttpObjectCodec(false, false))
                                    .addLast("upstream", connection);
                        }
                    })
                    .open()
                    .addListener(opened -> {
                        if (opened.isSuccess()) {
                            promise.setSuccess((Http2StreamChannel) opened.getNow());
                        } else {
                            promise.setFailure(opened.cause());
                        }
                    });
        });
        return promise;
    }

    private ChannelFuture connect(EventLoop loop) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(Http2FrameCodecBuilder.forClient().build())
                                .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg); // no server push
                                    }
                                }));
                        if (closed) {
                            ch.close();
                        }
                    }
                })
                .connect(address);
    }

    /** Closes the connections (the server left the configuration); open streams end with them. */
    void close() {
        closed = true;
        parents.values()
                .forEach(f -> f.addListener(
                        (ChannelFutureListener) done -> done.channel().close()));
        parents.clear();
    }
}
