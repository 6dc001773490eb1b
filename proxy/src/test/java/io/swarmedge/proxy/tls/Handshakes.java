package io.swarmedge.proxy.tls;

import io.netty.bootstrap.Bootstrap;
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
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/** A loopback TLS server using {@link TlsContexts}, and real client handshakes against it. */
final class Handshakes implements AutoCloseable {
    /** What the client saw, or why it failed. */
    record Result(
            boolean ok,
            String protocol,
            String cipherSuite,
            Certificate peer,
            String alpn,
            String failure,
            long created) {}

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel server;

    Handshakes(TlsContexts contexts) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(contexts.newSniHandler(), new ChannelInboundHandlerAdapter() {
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
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Handshakes with this client context; {@code serverName} empty = no SNI. */
    Result handshake(SslContext client, String serverName) throws InterruptedException {
        SslHandler[] handler = new SslHandler[1];
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        handler[0] = serverName.isEmpty()
                                ? client.newHandler(ch.alloc())
                                : client.newHandler(ch.alloc(), serverName, port());
                        ch.pipeline().addLast(handler[0], new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port())
                .sync()
                .channel();
        try {
            var future = handler[0].handshakeFuture();
            if (!future.await(20, TimeUnit.SECONDS)) {
                return new Result(false, "", "", null, "", "timeout", 0);
            }
            if (!future.isSuccess()) {
                return new Result(false, "", "", null, "", String.valueOf(future.cause()), 0);
            }
            SSLSession session = handler[0].engine().getSession();
            Certificate peer = session.getPeerCertificates()[0];
            return new Result(
                    true,
                    session.getProtocol(),
                    session.getCipherSuite(),
                    peer,
                    Optional.ofNullable(handler[0].applicationProtocol()).orElse(""),
                    "",
                    session.getCreationTime());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return new Result(false, "", "", null, "", e.toString(), 0);
        } finally {
            channel.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
