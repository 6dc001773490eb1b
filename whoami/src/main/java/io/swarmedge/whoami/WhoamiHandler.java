package io.swarmedge.whoami;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP requests of one connection, one at a time and in order. Bodies are streamed: {@code /echo}
 * writes each received chunk back and stops reading while the client is not draining them; {@code /data}
 * generates its body as the socket drains.
 */
final class WhoamiHandler extends ChannelInboundHandlerAdapter {
    /** Largest {@code /data?size=}: big enough for any streaming test, small enough to end. */
    static final long MAX_DATA_BYTES = 16L << 30;
    /** Longest {@code /slow?ms=}. */
    static final long MAX_SLOW_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private static final Logger LOG = LoggerFactory.getLogger(WhoamiHandler.class);
    private static final int MAX_HEALTH_BODY = 32;
    private static final String TEXT = "text/plain; charset=utf-8";

    private enum Route {
        WHOAMI,
        HEALTH_GET,
        HEALTH_SET,
        DATA,
        SLOW,
        ECHO
    }

    /** Fired at every connection when the server stops: close it as soon as no request is under way. */
    static final Object STOP = new Object() {
        @Override
        public String toString() {
            return "whoami-stop";
        }
    };

    private final HostIdentity identity;
    private final AtomicInteger health;
    private final RequestCounters counters;
    private final AtomicBoolean stopping;

    // Messages that arrived while a delayed (/slow) response was pending: handled after it, in order.
    private final ArrayDeque<Object> parked = new ArrayDeque<>();
    private final StringBuilder healthBody = new StringBuilder();

    // The request being answered; null between requests.
    private HttpRequest request;
    private QueryStringDecoder query;
    private Route route;
    private boolean keepAlive;
    private boolean closeAfterResponse;
    private boolean responseStarted;
    private boolean busy;
    private boolean pausedForBackpressure;
    private ScheduledFuture<?> delayedResponse;

    /** @param stopping set once the server stops: every answer from then on closes its connection */
    WhoamiHandler(HostIdentity identity, AtomicInteger health, RequestCounters counters, AtomicBoolean stopping) {
        this.identity = identity;
        this.health = health;
        this.counters = counters;
        this.stopping = stopping;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counters.acceptedConnections.increment();
        counters.openConnections.incrementAndGet();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        counters.openConnections.decrementAndGet();
        if (delayedResponse != null) {
            delayedResponse.cancel(false);
        }
        parked.forEach(ReferenceCountUtil::release);
        parked.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http)) {
            ctx.fireChannelRead(msg);
        } else if (busy) {
            parked.add(msg);
        } else {
            process(ctx, http);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (pausedForBackpressure && ctx.channel().isWritable()) {
            pausedForBackpressure = false;
            updateAutoRead(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && request == null && !busy) {
            ctx.close();
            return;
        }
        if (evt == STOP) {
            if (request == null && !busy) {
                // Between requests: close once what was written (a streamed body) is out.
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                closeAfterResponse = true;
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("event=connection_error remote={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void process(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            rejectMalformed(ctx, msg.decoderResult().cause());
            return;
        }
        if (msg instanceof HttpRequest head) {
            begin(ctx, head);
        }
        if (msg instanceof HttpContent content) {
            if (request == null) {
                content.release();
            } else if (content instanceof HttpRequest) {
                // An aggregated request: only its body goes on as content (the echo writes it back).
                body(ctx, new DefaultLastHttpContent(content.content()));
            } else {
                body(ctx, content);
            }
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest head) {
        request = head;
        query = new QueryStringDecoder(head.uri());
        counters.request(query.path());
        keepAlive = HttpUtil.isKeepAlive(head) && !stopping.get();
        route = routeOf(head.method(), query.path());
        responseStarted = false;
        healthBody.setLength(0);
        if (route == Route.ECHO) {
            startEcho(ctx, head);
        }
    }

    private static Route routeOf(HttpMethod method, String path) {
        boolean sendsBody =
                method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH);
        return switch (path) {
            case "/health" -> sendsBody ? Route.HEALTH_SET : Route.HEALTH_GET;
            case "/data" -> Route.DATA;
            case "/slow" -> Route.SLOW;
            case "/echo" -> Route.ECHO;
            default -> sendsBody ? Route.ECHO : Route.WHOAMI;
        };
    }

    private void body(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (route == Route.ECHO) {
            ChannelFuture written = ctx.write(content);
            if (!ctx.channel().isWritable()) {
                pausedForBackpressure = true;
                updateAutoRead(ctx);
            }
            if (last) {
                ctx.flush();
                finish(written);
            }
            return;
        }
        if (route == Route.HEALTH_SET && healthBody.length() <= MAX_HEALTH_BODY) {
            ByteBuf bytes = content.content();
            int take = Math.min(bytes.readableBytes(), MAX_HEALTH_BODY + 1 - healthBody.length());
            healthBody.append(bytes.toString(bytes.readerIndex(), take, StandardCharsets.US_ASCII));
        }
        content.release();
        if (last) {
            respond(ctx);
        }
    }

    private void respond(ChannelHandlerContext ctx) {
        switch (route) {
            case WHOAMI -> send(ctx, HttpResponseStatus.OK, whoamiText(ctx));
            case HEALTH_GET -> {
                HttpResponseStatus status = HttpResponseStatus.valueOf(health.get());
                send(ctx, status, status.reasonPhrase() + "\n");
            }
            case HEALTH_SET -> setHealth(ctx);
            case DATA -> sendData(ctx);
            case SLOW -> delay(ctx);
            case ECHO -> throw new IllegalStateException("echo responds while reading");
        }
    }

    private void setHealth(ChannelHandlerContext ctx) {
        var status = HealthStatus.parse(healthBody);
        if (status.isEmpty()) {
            send(
                    ctx,
                    HttpResponseStatus.BAD_REQUEST,
                    "POST /health expects a status code within " + HealthStatus.MIN + ".." + HealthStatus.MAX + "\n");
            return;
        }
        int previous = health.getAndSet(status.getAsInt());
        LOG.info("event=health_set status={} previous={} remote={}", status.getAsInt(), previous, remote(ctx));
        send(ctx, HttpResponseStatus.OK, "health status " + status.getAsInt() + "\n");
    }

    private void sendData(ChannelHandlerContext ctx) {
        OptionalLong size = longParameter("size", MAX_DATA_BYTES);
        if (size.isEmpty()) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, "/data expects size=N with 0 <= N <= " + MAX_DATA_BYTES + "\n");
            return;
        }
        HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                .set(HttpHeaderNames.CONTENT_LENGTH, size.getAsLong());
        HttpUtil.setKeepAlive(head, keepAlive);
        responseStarted = true;
        ctx.write(head);
        Object body = request.method().equals(HttpMethod.HEAD)
                ? LastHttpContent.EMPTY_LAST_CONTENT
                : new HttpChunkedInput(new GeneratedBody(size.getAsLong()));
        finish(ctx.writeAndFlush(body));
    }

    private void delay(ChannelHandlerContext ctx) {
        OptionalLong millis = longParameter("ms", MAX_SLOW_MILLIS);
        if (millis.isEmpty()) {
            send(ctx, HttpResponseStatus.BAD_REQUEST, "/slow expects ms=N with 0 <= N <= " + MAX_SLOW_MILLIS + "\n");
            return;
        }
        busy = true;
        updateAutoRead(ctx);
        delayedResponse = ctx.executor()
                .schedule(
                        () -> {
                            delayedResponse = null;
                            busy = false;
                            send(ctx, HttpResponseStatus.OK, whoamiText(ctx));
                            resume(ctx);
                        },
                        millis.getAsLong(),
                        TimeUnit.MILLISECONDS);
    }

    private void resume(ChannelHandlerContext ctx) {
        while (!busy && !parked.isEmpty() && ctx.channel().isActive()) {
            Object msg = parked.poll();
            process(ctx, (HttpObject) msg);
        }
        ctx.flush();
        updateAutoRead(ctx);
    }

    private void startEcho(ChannelHandlerContext ctx, HttpRequest head) {
        HttpResponse response = new DefaultHttpResponse(head.protocolVersion(), HttpResponseStatus.OK);
        String type =
                head.headers().get(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM.toString());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        if (HttpUtil.isTransferEncodingChunked(head)) {
            if (head.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                keepAlive = false; // HTTP/1.0 has no chunked responses: the body ends with the connection
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        } else {
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpUtil.getContentLength(head, 0L));
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        responseStarted = true;
        ctx.write(response);
    }

    private void send(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(
                request.protocolVersion(), status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT).set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        HttpUtil.setKeepAlive(response, keepAlive);
        responseStarted = true;
        finish(ctx.writeAndFlush(response));
    }

    private void finish(ChannelFuture lastWrite) {
        if (!keepAlive || closeAfterResponse) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
        request = null;
        query = null;
        route = null;
    }

    private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("event=bad_request remote={} error=\"{}\"", remote(ctx), cause.toString());
        if (request != null && responseStarted) {
            ctx.close();
            return;
        }
        byte[] bytes = ("bad request: " + cause.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT)
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        request = null;
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private OptionalLong longParameter(String name, long max) {
        List<String> values = query.parameters().get(name);
        if (values == null || values.size() != 1) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(values.getFirst().strip());
            return value < 0 || value > max ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void updateAutoRead(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(!busy && !pausedForBackpressure);
    }

    private String whoamiText(ChannelHandlerContext ctx) {
        StringBuilder text = new StringBuilder(512);
        text.append("Hostname: ").append(identity.name()).append('\n');
        for (String ip : identity.ips()) {
            text.append("IP: ").append(ip).append('\n');
        }
        text.append("RemoteAddr: ").append(remote(ctx)).append('\n');
        text.append(request.method())
                .append(' ')
                .append(request.uri())
                .append(' ')
                .append(request.protocolVersion())
                .append('\n');
        for (Map.Entry<String, String> header : request.headers()) {
            text.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
        }
        return text.toString();
    }

    private static String remote(ChannelHandlerContext ctx) {
        SocketAddress address = ctx.channel().remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = HostIdentity.withoutScope(inet.getAddress());
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
