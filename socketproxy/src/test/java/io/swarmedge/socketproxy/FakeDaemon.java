package io.swarmedge.socketproxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for dockerd on a temporary unix socket: records the raw bytes and the parsed requests it receives
 * and answers like the daemon for the few paths the tests use (a JSON echo by default, a never-ending chunked
 * {@code /events}, an upgradable {@code /exec/{id}/start} that echoes upper-cased, and two configs).
 */
final class FakeDaemon implements AutoCloseable {
    /** A request as the daemon parsed it. */
    record Received(String method, String uri, Map<String, String> headers, String body, boolean decoded) {}

    /** When false, {@code /events} answers like any other path instead of streaming forever. */
    volatile boolean streamEvents = true;

    static final String OWN_CONFIG = "{\"ID\":\"id-own\",\"Spec\":{\"Name\":\"swarmedge-acme-a\"}}";
    static final String OTHER_CONFIG = "{\"ID\":\"id-other\",\"Spec\":{\"Name\":\"database-password\"}}";

    final Path socket;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<Channel> connections = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final Channel server;

    FakeDaemon(Path dir) throws InterruptedException {
        this.socket = dir.resolve("docker.sock");
        this.server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast("raw", new RawRecorder())
                                .addLast("codec", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(1 << 20))
                                .addLast("handler", new Handler());
                    }
                })
                .bind(new DomainSocketAddress(socket.toString()))
                .sync()
                .channel();
    }

    synchronized String raw() {
        return raw.toString(StandardCharsets.ISO_8859_1);
    }

    private final class RawRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            synchronized (FakeDaemon.this) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), bytes);
                raw.writeBytes(bytes);
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.close(); // like dockerd: a client that stops sending is gone
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            var headers = new java.util.LinkedHashMap<String, String>();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            received.add(new Received(
                    req.method().name(),
                    req.uri(),
                    headers,
                    req.content().toString(StandardCharsets.UTF_8),
                    req.decoderResult().isSuccess()));
            String path = req.uri().replaceFirst("^/v[0-9.]+", "").replaceFirst("\\?.*", "");
            if (path.equals("/events") && streamEvents) {
                var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                ctx.writeAndFlush(head);
                ctx.executor()
                        .scheduleAtFixedRate(
                                () -> ctx.writeAndFlush(new DefaultHttpContent(
                                        Unpooled.copiedBuffer("{\"Type\":\"tick\"}\n", StandardCharsets.UTF_8))),
                                0,
                                50,
                                TimeUnit.MILLISECONDS);
                return;
            }
            if (path.matches("/exec/[^/]+/start")
                    && "tcp".equalsIgnoreCase(req.headers().get("Upgrade"))) {
                var head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(101, "UPGRADED"));
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.docker.raw-stream");
                head.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
                head.headers().set(HttpHeaderNames.UPGRADE, "tcp");
                ctx.writeAndFlush(head);
                var pipeline = ctx.pipeline();
                pipeline.remove("aggregator");
                pipeline.replace("handler", "echo", new Echo());
                pipeline.remove("codec");
                return;
            }
            String body;
            HttpResponseStatus status = HttpResponseStatus.OK;
            if (path.equals("/_ping")) {
                body = "OK";
            } else if (path.equals("/configs")) {
                body = "[" + OWN_CONFIG + "," + OTHER_CONFIG + "]";
            } else if (path.matches("/configs/(id-own|swarmedge-acme-a)")) {
                body = OWN_CONFIG;
            } else if (path.matches("/configs/(id-other|database-password)")) {
                body = OTHER_CONFIG;
            } else if (path.startsWith("/configs/") && req.method().name().equals("GET")) {
                status = HttpResponseStatus.NOT_FOUND;
                body = "{\"message\":\"config not found\"}";
            } else {
                body = "{\"method\":\"" + req.method() + "\",\"uri\":\""
                        + req.uri().replace("\"", "'") + "\"}";
            }
            var response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            response.headers()
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }

    /** Bytes the upgraded connections received. */
    final java.util.concurrent.atomic.AtomicLong echoed = new java.util.concurrent.atomic.AtomicLong();

    /** After the upgrade: echoes bytes upper-cased; on half-close answers "BYE" and closes. */
    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            echoed.addAndGet(in.readableBytes());
            String text = in.toString(StandardCharsets.ISO_8859_1).toUpperCase(java.util.Locale.ROOT);
            in.release();
            ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("BYE", StandardCharsets.ISO_8859_1))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() throws java.io.IOException {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        Files.deleteIfExists(socket);
    }
}
