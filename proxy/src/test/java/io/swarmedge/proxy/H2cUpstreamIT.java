package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.swarmedge.proxy.transport.IoTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code h2c://} servers: requests go out as HTTP/2 streams over one shared connection. */
class H2cUpstreamIT {
    /** An HTTP/2 (prior knowledge) server answering with the protocol, method, path and body it saw. */
    private static Channel h2cServer(EventLoopGroup group, IoTransport transport) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(Http2FrameCodecBuilder.forServer().build())
                                .addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel stream) {
                                        stream.pipeline()
                                                .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                                                .addLast(new HttpObjectAggregator(1 << 20))
                                                .addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                                    @Override
                                                    protected void channelRead0(
                                                            ChannelHandlerContext ctx, FullHttpRequest req) {
                                                        String text = "h2 " + req.method() + " " + req.uri() + " host="
                                                                + req.headers().get("host") + " xff="
                                                                + req.headers().get("x-forwarded-for") + " body="
                                                                + req.content().toString(StandardCharsets.UTF_8);
                                                        FullHttpResponse r = new DefaultFullHttpResponse(
                                                                HttpVersion.HTTP_1_1,
                                                                HttpResponseStatus.OK,
                                                                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                                                        r.headers()
                                                                .set(
                                                                        "content-length",
                                                                        r.content()
                                                                                .readableBytes());
                                                        ctx.writeAndFlush(r);
                                                    }
                                                });
                                    }
                                }));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    @Test
    void requestsAreForwardedAsHttp2Streams() throws Exception {
        IoTransport transport = IoTransport.best();
        EventLoopGroup group = transport.newGroup(1, "h2c-test");
        try {
            Channel server = h2cServer(group, transport);
            URI backend = URI.create("h2c://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
            try (ProxyServer proxy =
                    ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES)) {
                proxy.apply(config(
                        Map.of("h2@file", router("PathPrefix(`/`)", "h2@file")), Map.of("h2@file", lb(backend))));
                assertThat(proxy.runtime().errors()).isEmpty();
                try (RawHttp http = new RawHttp(proxy.port("web"))) {
                    for (int i = 0; i < 3; i++) {
                        RawHttp.Response r = http.get("/path/" + i + "?q=1", "h2.test");
                        assertThat(r.status()).isEqualTo(200);
                        assertThat(r.text()).isEqualTo("h2 GET /path/" + i + "?q=1 host=h2.test xff=127.0.0.1 body=");
                    }
                    http.send(
                            "POST /up HTTP/1.1\r\nHost: h2.test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
                    assertThat(http.read(false).text()).isEqualTo("h2 POST /up host=h2.test xff=127.0.0.1 body=abc");
                }
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
