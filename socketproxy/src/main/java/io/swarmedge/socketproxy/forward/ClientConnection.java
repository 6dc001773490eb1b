package io.swarmedge.socketproxy.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.swarmedge.socketproxy.ProxyCounters;
import io.swarmedge.socketproxy.http.ApiPath;
import io.swarmedge.socketproxy.http.Refusal;
import io.swarmedge.socketproxy.http.RefusedException;
import io.swarmedge.socketproxy.http.StrictRequestDecoder;
import io.swarmedge.socketproxy.policy.Policy;
import io.swarmedge.socketproxy.policy.StoreObjectGuard;
import io.swarmedge.socketproxy.policy.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads requests one at a time through the strict decoder, asks the policy, and either
 * answers a refusal or re-serialises the request to the daemon over a unix-socket connection of its own, then
 * relays the response (streamed, or checked in full for the edge profile's store calls). A request that the daemon
 * upgrades ({@code 101}) turns the connection into a byte relay in both directions. All state lives on the
 * channel's event loop.
 */
public final class ClientConnection extends ChannelDuplexHandler {
    /** User event fired into every client pipeline when the server stops. */
    public static final Object SHUTDOWN = new Object();

    private static final String DECODER = Pipelines.DECODER;
    private static final String ENCODER = Pipelines.ENCODER;
    private static final String IDLE = Pipelines.IDLE;

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    private static final int MAX_REQUEST_BODY = 4 * 1024 * 1024;
    private static final int MAX_FILTERED_RESPONSE = 32 * 1024 * 1024;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final Policy policy;
    private final DaemonConnector daemon;
    private final ProxyCounters counters;
    private ChannelHandlerContext ctx;
    private Channel upstream;
    private boolean upstreamReady;
    private boolean upstreamReusable;
    private final ArrayDeque<Object> pendingUpstream = new ArrayDeque<>();
    private Exchange exchange;
    private boolean hijacked;
    private boolean shuttingDown;
    private boolean clientInputShut;
    private boolean daemonInputShut;

    /** The request/response pair in flight. */
    private static final class Exchange {
        HttpMethod method;
        boolean keepAlive;
        boolean http10;
        ApiPath path;
        HttpRequest outbound;
        String rule = "";
        Verdict.Guarded guarded;
        boolean hijack;
        boolean discardBody;
        CompositeByteBuf requestBody;
        boolean requestDone;
        boolean responseStarted;
        boolean responseDone;
        boolean downstreamChunked;
        boolean downstreamUntilClose;
        boolean closeAfter;
        HttpResponse bufferedResponse;
        CompositeByteBuf responseBody;
    }

    public ClientConnection(Policy policy, DaemonConnector daemon, ProxyCounters counters) {
        this.policy = policy;
        this.daemon = daemon;
        this.counters = counters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    // ---------------------------------------------------------------- client side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (hijacked) {
            if (msg instanceof ByteBuf && upstream != null) {
                upstream.write(msg);
                if (!upstream.isWritable()) {
                    clientAutoRead(false);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        switch (msg) {
            case StrictRequestDecoder.RefusedHead refused -> refuse(refused.refusal(), "-", "-", true);
            case HttpRequest request -> onRequest(request);
            case HttpContent content -> onRequestContent(content);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        ReferenceCountUtil.release(request);
        if (request.decoderResult().isFailure()) {
            refuse(
                    Refusal.malformed(
                            "malformed-request",
                            String.valueOf(request.decoderResult().cause())),
                    request.method().name(),
                    "-",
                    true);
            return;
        }
        Exchange ex = new Exchange();
        exchange = ex;
        ex.method = request.method();
        ex.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        ex.keepAlive = !ex.http10 && HttpUtil.isKeepAlive(request) && !shuttingDown;
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        encoder().headRequest(ex.method.equals(HttpMethod.HEAD));
        String target = request.uri();
        try {
            ex.path = ApiPath.parse(target);
        } catch (RefusedException e) {
            refuse(e.refusal(), ex.method.name(), target, hasBody);
            return;
        }
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade != null) {
            if (!upgrade.strip().equalsIgnoreCase("tcp")) {
                refuse(
                        Refusal.forbidden("upgrade-not-allowed", "only Upgrade: tcp (Docker's hijack) is proxied"),
                        ex.method.name(),
                        ex.path.path(),
                        hasBody);
                return;
            }
            if (!request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
                refuse(
                        Refusal.malformed("upgrade-without-connection", "Upgrade without Connection: Upgrade"),
                        ex.method.name(),
                        ex.path.path(),
                        true);
                return;
            }
            ex.hijack = true;
        }
        Verdict verdict = policy.decide(ex.method, ex.path, ex.hijack);
        switch (verdict) {
            case Verdict.Deny deny -> refuse(deny.refusal(), ex.method.name(), ex.path.path(), hasBody);
            case Verdict.Allow allow -> {
                ex.rule = allow.rule();
                forwardHead(ex, outbound(request, ex.path, ex.hijack));
            }
            case Verdict.Guarded guarded -> {
                ex.rule = "edge:" + guarded.kind().segment() + ":"
                        + guarded.guard().name().toLowerCase(Locale.ROOT);
                ex.guarded = guarded;
                switch (guarded.guard()) {
                    case LIST, INSPECT -> forwardHead(ex, outbound(request, ex.path, false));
                    case CREATE, UPDATE, DELETE -> {
                        ex.outbound = outbound(request, ex.path, false);
                        ex.requestBody = ctx.alloc().compositeBuffer();
                    }
                }
            }
        }
    }

    private void onRequestContent(HttpContent content) {
        Exchange ex = exchange;
        if (ex == null || ex.discardBody) {
            finishDiscardedContent(content);
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            refuse(
                    Refusal.malformed(
                            "malformed-body",
                            String.valueOf(content.decoderResult().cause())),
                    ex.method.name(),
                    ex.path.path(),
                    true);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (ex.requestBody != null) {
            if (ex.requestBody.readableBytes() + content.content().readableBytes() > MAX_REQUEST_BODY) {
                content.release();
                refuse(
                        Refusal.forbidden("body-too-large", "store request body over " + MAX_REQUEST_BODY + " bytes"),
                        ex.method.name(),
                        ex.path.path(),
                        true);
                return;
            }
            ex.requestBody.addComponent(true, content.content().retain());
            content.release();
            if (last) {
                ex.requestDone = true;
                checkStoreRequest(ex);
            }
            return;
        }
        if (last) {
            ex.requestDone = true;
            // Trailers are dropped: the daemon ignores them and they are one more thing to smuggle through.
            sendUpstream(new DefaultLastHttpContent(content.content().retain()));
            content.release();
            flushUpstream();
            maybeFinish();
        } else {
            sendUpstream(content);
        }
    }

    private void finishDiscardedContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last && exchange != null) {
            exchange.requestDone = true;
            maybeFinish();
        }
    }

    /** The request as it is sent on: canonical target, no hop-by-hop headers, framing as decoded. */
    private HttpRequest outbound(HttpRequest request, ApiPath path, boolean hijack) {
        HttpRequest out = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), path.toTarget());
        EndToEndHeaders.copy(request.headers(), out.headers());
        if (hijack) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            out.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        }
        return out;
    }

    private void forwardHead(Exchange ex, HttpRequest outbound) {
        ex.outbound = outbound;
        if (log.isDebugEnabled()) {
            log.debug(
                    "event=forward rule={} method={} path={} remote={}",
                    ex.rule,
                    ex.method,
                    EndToEndHeaders.printable(ex.path.path()),
                    ctx.channel().remoteAddress());
        }
        counters.forwarded();
        sendUpstream(outbound);
        flushUpstream();
    }

    // ---------------------------------------------------------------- edge profile store checks

    private void checkStoreRequest(Exchange ex) {
        Verdict.Guarded guarded = ex.guarded;
        StoreObjectGuard guard = new StoreObjectGuard(guarded.prefix());
        var refusal = guard.checkWrite(guarded.guard(), ByteBufUtil.getBytes(ex.requestBody));
        if (refusal.isPresent()) {
            releaseRequestBody(ex);
            refuse(refusal.get(), ex.method.name(), ex.path.path(), false);
            return;
        }
        if (guarded.guard() == Verdict.Guard.CREATE) {
            sendFullOutbound(ex, ex.outbound.uri());
            return;
        }
        // Update and delete: resolve the reference (name, ID or ID prefix) first, then pin the request to the ID
        // we checked so that it cannot land on another object.
        String lookupTarget =
                new ApiPath(ex.path.version(), List.of(guarded.kind().segment(), guarded.ref()), "").toTarget();
        daemon.get(ctx.channel().eventLoop(), lookupTarget, LOOKUP_TIMEOUT).addListener(f -> {
            FullHttpResponse found = f.isSuccess() ? (FullHttpResponse) f.getNow() : null;
            try {
                if (exchange != ex || !ctx.channel().isActive()) {
                    releaseRequestBody(ex);
                } else if (found == null) {
                    releaseRequestBody(ex);
                    refuse(
                            new Refusal(502, "docker-unavailable", "lookup failed: " + f.cause()),
                            ex.method.name(),
                            ex.path.path(),
                            false);
                } else if (found.status().code() != 200) {
                    releaseRequestBody(ex);
                    respondBuffered(
                            ex, found.status(), found.headers(), found.content().retainedDuplicate());
                } else {
                    switch (guard.afterLookup(ByteBufUtil.getBytes(found.content()))) {
                        case StoreObjectGuard.Outcome.PinTo pin ->
                            sendFullOutbound(
                                    ex, ex.path.withSegment(1, pin.id()).toTarget());
                        case StoreObjectGuard.Outcome.Refuse no -> {
                            releaseRequestBody(ex);
                            refuse(no.refusal(), ex.method.name(), ex.path.path(), false);
                        }
                        case StoreObjectGuard.Outcome.Answer ignored -> throw new IllegalStateException();
                    }
                }
            } finally {
                if (found != null) {
                    found.release();
                }
            }
        });
    }

    private static void releaseRequestBody(Exchange ex) {
        if (ex.requestBody != null) {
            ex.requestBody.release();
            ex.requestBody = null;
        }
    }

    private void sendFullOutbound(Exchange ex, String target) {
        var full = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, ex.method, target, ex.requestBody);
        ex.requestBody = null;
        full.headers().set(ex.outbound.headers());
        full.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        full.headers().set(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
        ex.outbound = full;
        if (log.isDebugEnabled()) {
            log.debug(
                    "event=forward rule={} method={} target={}", ex.rule, ex.method, EndToEndHeaders.printable(target));
        }
        counters.forwarded();
        sendUpstream(full);
        flushUpstream();
    }

    // ---------------------------------------------------------------- daemon side

    private void sendUpstream(Object msg) {
        if (upstream != null && upstreamReady && upstream.isActive()) {
            upstream.write(msg);
            if (!upstream.isWritable()) {
                clientAutoRead(false);
            }
            return;
        }
        pendingUpstream.add(msg);
        // Hold the client while the daemon connection is being made, so the queue stays small.
        clientAutoRead(false);
        if (upstream == null || (upstreamReady && !upstream.isActive())) {
            connectUpstream();
        }
    }

    private void flushUpstream() {
        if (upstream != null && upstreamReady) {
            upstream.flush();
        }
    }

    private void connectUpstream() {
        upstreamReady = false;
        upstreamReusable = true;
        var future = daemon.connect(ctx.channel().eventLoop(), new DaemonConnection(this));
        upstream = future.channel();
        future.addListener((ChannelFutureListener) f -> {
            if (f.channel() != upstream) {
                f.channel().close(); // given up on while connecting
                return;
            }
            if (!f.isSuccess()) {
                upstream = null;
                drainPending();
                log.warn(
                        "event=docker-unavailable socket={} cause=\"{}\"",
                        daemon.path(),
                        f.cause().getMessage());
                if (exchange != null && !exchange.responseStarted) {
                    Exchange ex = exchange;
                    refuse(
                            new Refusal(502, "docker-unavailable", "cannot connect to " + daemon.path()),
                            ex.method.name(),
                            ex.path.path(),
                            !ex.requestDone);
                } else {
                    ctx.close();
                }
                return;
            }
            upstreamReady = true;
            while (!pendingUpstream.isEmpty()) {
                upstream.write(pendingUpstream.poll());
            }
            upstream.flush();
            clientAutoRead(readAllowed() && upstream.isWritable());
        });
    }

    private void drainPending() {
        while (!pendingUpstream.isEmpty()) {
            ReferenceCountUtil.release(pendingUpstream.poll());
        }
    }

    void daemonResponse(HttpResponse response) {
        Exchange ex = exchange;
        if (ex == null || ex.responseDone) {
            return;
        }
        if (!HttpUtil.isKeepAlive(response)) {
            upstreamReusable = false;
        }
        if (response.status().code() == 101) {
            if (ex.hijack) {
                startRelay(response);
            } else {
                // Only a request that asked for the hijack may be switched to raw bytes.
                log.warn(
                        "event=unexpected-upgrade method={} path={}",
                        ex.method,
                        EndToEndHeaders.printable(ex.path.path()));
                closeUpstream();
                ctx.close();
            }
            return;
        }
        if (ex.guarded != null
                && (ex.guarded.guard() == Verdict.Guard.LIST || ex.guarded.guard() == Verdict.Guard.INSPECT)) {
            // Checked in full before anything reaches the client (responseStarted stays false until then).
            ex.bufferedResponse = response;
            ex.responseBody = ctx.alloc().compositeBuffer();
            return;
        }
        ex.responseStarted = response.status().code() >= 200;
        ctx.write(downstreamResponse(ex, response, response.status()));
    }

    private HttpResponse downstreamResponse(Exchange ex, HttpResponse response, HttpResponseStatus status) {
        var out = new DefaultHttpResponse(ex.http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1, status);
        EndToEndHeaders.copy(response.headers(), out.headers());
        int code = status.code();
        boolean informational = code < 200;
        boolean noBody = ex.method.equals(HttpMethod.HEAD) || code == 204 || code == 304 || informational;
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        if (!noBody) {
            if (chunked && ex.http10) {
                out.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                ex.closeAfter = true;
                ex.downstreamUntilClose = true;
            } else if (!chunked && !HttpUtil.isContentLengthSet(response)) {
                ex.closeAfter = true; // the body ends when the daemon closes
                ex.downstreamUntilClose = true;
            }
            ex.downstreamChunked = chunked && !ex.http10;
        }
        if (!informational && (!ex.keepAlive || shuttingDown)) {
            ex.closeAfter = true;
        }
        if (!informational && ex.closeAfter) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return out;
    }

    void daemonContent(HttpContent content) {
        Exchange ex = exchange;
        if (hijacked || ex == null || ex.responseDone) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (ex.responseBody != null) {
            if (ex.responseBody.readableBytes() + content.content().readableBytes() > MAX_FILTERED_RESPONSE) {
                content.release();
                ex.closeAfter = true;
                ctx.close();
                return;
            }
            ex.responseBody.addComponent(true, content.content().retain());
            content.release();
            if (last) {
                completeFilteredResponse(ex);
            }
            return;
        }
        if (!ex.responseStarted) {
            // The end of an informational (1xx) response such as 100 Continue: the real one follows. The encoder
            // needs the last-content marker to start a new message.
            content.release();
            if (last) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            return;
        }
        if (last) {
            ctx.write(new DefaultLastHttpContent(content.content().retain()));
            content.release();
            ctx.flush();
            ex.responseDone = true;
            maybeFinish();
        } else {
            ctx.write(content);
            if (!ctx.channel().isWritable() && upstream != null) {
                daemonAutoRead(false);
            }
        }
    }

    private void completeFilteredResponse(Exchange ex) {
        HttpResponse response = ex.bufferedResponse;
        CompositeByteBuf body = ex.responseBody;
        ex.responseBody = null;
        if (response.status().code() != 200) {
            respondBuffered(ex, response.status(), response.headers(), body);
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(body);
        body.release();
        switch (new StoreObjectGuard(ex.guarded.prefix()).checkRead(ex.guarded.guard(), bytes)) {
            case StoreObjectGuard.Outcome.Answer answer ->
                respondBuffered(ex, response.status(), response.headers(), Unpooled.wrappedBuffer(answer.body()));
            case StoreObjectGuard.Outcome.Refuse no -> refuse(no.refusal(), ex.method.name(), ex.path.path(), false);
            case StoreObjectGuard.Outcome.PinTo ignored -> throw new IllegalStateException();
        }
    }

    /** Answers with a complete body (a checked or filtered daemon answer), then waits for the daemon's end. */
    private void respondBuffered(Exchange ex, HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
        var out = new DefaultFullHttpResponse(ex.http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1, status, body);
        EndToEndHeaders.copy(headers, out.headers());
        out.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (!ex.keepAlive || shuttingDown) {
            ex.closeAfter = true;
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ex.responseStarted = true;
        ex.responseDone = true;
        ctx.writeAndFlush(out);
        ex.requestDone = true;
        maybeFinish();
    }

    void daemonReadComplete() {
        ctx.flush();
    }

    void daemonInactive(Channel channel) {
        if (channel != upstream) {
            return;
        }
        upstream = null;
        upstreamReady = false;
        drainPending();
        Exchange ex = exchange;
        if (hijacked) {
            closeAfterPendingWrites(ctx.channel());
        } else if (ex != null && !ex.responseDone) {
            if (ex.responseStarted) {
                ctx.close();
            } else {
                refuse(
                        new Refusal(502, "docker-unavailable", "the daemon closed the connection"),
                        ex.method.name(),
                        ex.path.path(),
                        !ex.requestDone);
            }
        }
    }

    void daemonInputShutdown(Channel channel) {
        if (hijacked && channel == upstream) {
            daemonInputShut = true;
            if (clientInputShut) {
                closeAfterPendingWrites(ctx.channel());
            } else {
                shutdownOutputAfterPendingWrites(ctx.channel());
            }
        } else {
            channel.close();
        }
    }

    void daemonWritabilityChanged(Channel channel) {
        if (channel == upstream && channel.isWritable()) {
            clientAutoRead(readAllowed());
        }
    }

    void daemonRelayBytes(ByteBuf bytes) {
        if (!hijacked) {
            bytes.release();
            return;
        }
        ctx.write(bytes);
        if (!ctx.channel().isWritable() && upstream != null) {
            daemonAutoRead(false);
        }
    }

    // ---------------------------------------------------------------- hijack

    private void startRelay(HttpResponse response) {
        Exchange ex = exchange;
        hijacked = true;
        counters.hijacked();
        var out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
        out.headers().set(response.headers());
        out.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        out.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        ctx.writeAndFlush(out);
        log.info(
                "event=hijack rule={} method={} path={} remote={}",
                ex.rule,
                ex.method,
                EndToEndHeaders.printable(ex.path.path()),
                ctx.channel().remoteAddress());
        var pipeline = ctx.pipeline();
        pipeline.remove(ENCODER);
        if (pipeline.get(IDLE) != null) {
            pipeline.remove(IDLE);
        }
        exchange = null;
        // Removing the codecs hands the bytes they had buffered to the relay (client's stdin after the request,
        // daemon's output after the 101).
        // The daemon's codec goes first so that the client's buffered bytes are written raw, not HTTP-encoded.
        upstream.pipeline().remove(DaemonConnector.CODEC);
        pipeline.remove(DECODER);
        clientAutoRead(true);
        daemonAutoRead(true);
        ctx.flush();
        upstream.flush();
    }

    // ---------------------------------------------------------------- refusals and completion

    private void refuse(Refusal refusal, String method, String path, boolean close) {
        counters.refused(refusal.rule());
        log.info(
                "event=refused status={} rule={} method={} path={} remote={} detail=\"{}\"",
                refusal.status(),
                refusal.rule(),
                EndToEndHeaders.printable(method),
                EndToEndHeaders.printable(path),
                ctx.channel().remoteAddress(),
                refusal.detail());
        Exchange ex = exchange;
        if (ex != null && ex.responseStarted && !ex.responseDone) {
            // Too late for an answer of our own (the daemon's is on its way): end both sides.
            closeUpstream();
            ctx.close();
            return;
        }
        if (ex != null && ex.outbound != null && !ex.requestDone && ex.requestBody == null) {
            // Part of this request already went to the daemon: that connection cannot carry another one.
            closeUpstream();
        }
        boolean http10 = ex != null && ex.http10;
        boolean closeNow = close || refusal.status() == 400 || ex == null || !ex.keepAlive || shuttingDown;
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(
                http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.status()),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set("X-Swarmedge-Rule", refusal.rule());
        if (closeNow) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (ex != null) {
            // A HEAD refusal keeps the head-only framing: the rule is still in X-Swarmedge-Rule.
            ex.responseStarted = true;
            ex.responseDone = true;
            ex.discardBody = true;
            ex.closeAfter |= closeNow;
            releaseRequestBody(ex);
            if (ex.responseBody != null) {
                ex.responseBody.release();
                ex.responseBody = null;
            }
        }
        if (closeNow) {
            decoder().ifPresent(StrictRequestDecoder::stop);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            exchange = null;
            return;
        }
        ctx.writeAndFlush(response);
        maybeFinish();
    }

    /**
     * Reading on or off for the client side. Never once its input is shut: there is nothing left to read, and Netty's
     * epoll transport no longer has the descriptor registered (epoll_ctl fails with ENOENT).
     */
    private void clientAutoRead(boolean on) {
        if (!clientInputShut && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(on);
        }
    }

    /** Reading on or off for the daemon side, under the same rule. */
    private void daemonAutoRead(boolean on) {
        if (upstream != null && !daemonInputShut && upstream.isActive()) {
            upstream.config().setAutoRead(on);
        }
    }

    /**
     * Netty's close and shutdownOutput drop writes still queued (a relay under backpressure has some): both wait
     * for an empty write queued behind them.
     */
    private static void closeAfterPendingWrites(Channel channel) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private static void shutdownOutputAfterPendingWrites(Channel channel) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (channel instanceof DuplexChannel duplex && channel.isActive()) {
                duplex.shutdownOutput();
            }
        });
    }

    private void closeUpstream() {
        if (upstream != null) {
            Channel channel = upstream;
            upstream = null;
            upstreamReady = false;
            drainPending();
            channel.close();
        }
    }

    private void maybeFinish() {
        Exchange ex = exchange;
        if (ex == null || !ex.requestDone || !ex.responseDone) {
            return;
        }
        exchange = null;
        if (ex.closeAfter || shuttingDown || clientInputShut) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!upstreamReusable && upstream != null) {
            upstream.close();
            upstream = null;
        }
        clientAutoRead(true);
        decoder().ifPresent(StrictRequestDecoder::resume);
    }

    private boolean readAllowed() {
        if (hijacked) {
            return true;
        }
        var decoder = decoder();
        return decoder.isEmpty() || !decoder.get().paused();
    }

    private java.util.Optional<StrictRequestDecoder> decoder() {
        return java.util.Optional.ofNullable(
                (StrictRequestDecoder) ctx.pipeline().get(DECODER));
    }

    private ResponseEncoder encoder() {
        return (ResponseEncoder) ctx.pipeline().get(ENCODER);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstream();
        if (!hijacked) {
            var decoder = decoder();
            if (decoder.isPresent() && decoder.get().paused() && decoder.get().hasBufferedBytes()) {
                // One request at a time: a pipelined next one waits in the decoder's buffer until this one is
                // answered, and nothing more is read meanwhile. (Without pipelining, reading stays on: no
                // epoll_ctl per request.)
                clientAutoRead(false);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && upstream != null) {
            daemonAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == SHUTDOWN) {
            onShutdown();
        } else if (evt instanceof IdleStateEvent) {
            // Idle between requests, or a request head/body that stopped arriving while we were reading it. A
            // response in flight (an event stream, a long build) and a hijacked connection have no timeout.
            boolean stalledRequest = exchange != null
                    && !exchange.requestDone
                    && ctx.channel().config().isAutoRead();
            if (!hijacked && (exchange == null || stalledRequest)) {
                log.info(
                        "event=idle-close remote={} stalledRequest={}",
                        ctx.channel().remoteAddress(),
                        stalledRequest);
                ctx.close();
            }
        } else if (evt instanceof ChannelInputShutdownEvent) {
            clientInputShut = true;
            if (hijacked) {
                if (daemonInputShut) {
                    closeAfterPendingWrites(ctx.channel());
                } else if (upstream != null) {
                    shutdownOutputAfterPendingWrites(upstream);
                }
            } else if (exchange == null) {
                ctx.close();
            } else if (!exchange.requestDone) {
                // The request can never be completed (a body cut short): nobody would answer it.
                log.info(
                        "event=truncated-request method={} path={} remote={}",
                        exchange.method,
                        EndToEndHeaders.printable(exchange.path == null ? "-" : exchange.path.path()),
                        ctx.channel().remoteAddress());
                closeUpstream();
                ctx.close();
            }
        }
        ReferenceCountUtil.release(evt);
    }

    private void onShutdown() {
        shuttingDown = true;
        Exchange ex = exchange;
        if (hijacked || ex == null) {
            ctx.close();
            return;
        }
        if (ex.responseStarted && !ex.responseDone && ex.downstreamChunked && ex.responseBody == null) {
            // A stream such as /events: end it with its last chunk so the client sees a clean end, not a cut.
            ex.responseDone = true;
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            exchange = null;
            return;
        }
        if (ex.responseStarted && !ex.responseDone && ex.downstreamUntilClose) {
            // A body that ends with the connection: closing it is its clean end.
            ex.responseDone = true;
            closeAfterPendingWrites(ctx.channel());
            exchange = null;
            return;
        }
        ex.closeAfter = true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drainPending();
        Exchange ex = exchange;
        if (ex != null) {
            releaseRequestBody(ex);
            if (ex.responseBody != null) {
                ex.responseBody.release();
            }
            exchange = null;
        }
        if (upstream != null) {
            // A relay delivers what the client sent before it left; an HTTP exchange is simply abandoned.
            if (hijacked) {
                closeAfterPendingWrites(upstream);
            } else {
                upstream.close();
            }
            upstream = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("event=client-error remote={} cause=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
