package io.swarmedge.socketproxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's request decoder behind a strict gate: every request head on the connection is checked by
 * {@link RequestHeadCheck} before Netty parses it, and the decoder handles one request at a time — after a
 * request's last content it pauses (bytes that follow stay buffered) until {@link #resume} is called, which is
 * what lets a hijacked connection hand the bytes after an upgrade request to the relay untouched.
 *
 * <p>A refused head is emitted as a {@link RefusedHead} and everything after it on the connection is discarded.
 */
public final class StrictRequestDecoder extends HttpRequestDecoder {
    /** Emitted instead of a request when the head check refuses it. */
    public record RefusedHead(Refusal refusal) {}

    /** Empty lines tolerated before a request line (RFC 9112 asks servers to ignore at least one). */
    private static final int MAX_EMPTY_LINES = 8;

    private final RequestHeadCheck headCheck;
    private final Duration headTimeout;
    private boolean atHead = true;
    private boolean paused;
    private boolean failed;
    private int emptyLines;
    private ScheduledFuture<?> headDeadline;
    private ChannelHandlerContext context;

    /**
     * @param headTimeout how long a request head may take from its first byte to its last (a slow drip of bytes
     *     would otherwise hold the connection forever, as every byte resets an idle timer)
     */
    public StrictRequestDecoder(int maxHeadBytes, int maxHeaders, Duration headTimeout) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxHeadBytes)
                .setMaxHeaderSize(maxHeadBytes)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true));
        this.headCheck = new RequestHeadCheck(maxHeadBytes, maxHeaders);
        this.headTimeout = headTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.context = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (paused) {
            return;
        }
        if (atHead) {
            // RFC 9112 2.2: a server should ignore empty lines before a request line (some clients send one after
            // a body).
            while (in.readableBytes() >= 2
                    && in.getByte(in.readerIndex()) == '\r'
                    && in.getByte(in.readerIndex() + 1) == '\n') {
                in.skipBytes(2);
                if (++emptyLines > MAX_EMPTY_LINES) {
                    refuse(
                            in,
                            out,
                            Refusal.malformed(
                                    "empty-lines",
                                    "more than " + MAX_EMPTY_LINES + " empty lines before a request line"));
                    return;
                }
            }
            if (!in.isReadable()) {
                return;
            }
            startHeadDeadline(ctx);
            if (in.readableBytes() == 1 && in.getByte(in.readerIndex()) == '\r') {
                return;
            }
            switch (headCheck.check(in)) {
                case RequestHeadCheck.Result.NeedMore ignored -> {
                    return;
                }
                case RequestHeadCheck.Result.Refused refused -> {
                    refuse(in, out, refused.refusal());
                    return;
                }
                case RequestHeadCheck.Result.Complete ignored -> {
                    atHead = false;
                    emptyLines = 0;
                    cancelHeadDeadline();
                }
            }
        }
        int before = out.size();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                atHead = true;
                paused = true;
                headCheck.reset();
            }
        }
    }

    private void refuse(ByteBuf in, List<Object> out, Refusal refusal) {
        failed = true;
        cancelHeadDeadline();
        in.skipBytes(in.readableBytes());
        out.add(new RefusedHead(refusal));
    }

    private void startHeadDeadline(ChannelHandlerContext ctx) {
        if (headDeadline == null) {
            headDeadline = ctx.executor().schedule(this::headTimedOut, headTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelHeadDeadline() {
        if (headDeadline != null) {
            headDeadline.cancel(false);
            headDeadline = null;
        }
    }

    private void headTimedOut() {
        headDeadline = null;
        if (atHead && !paused && !failed && !context.isRemoved()) {
            failed = true;
            context.fireChannelRead(new RefusedHead(Refusal.malformed(
                    "head-timeout", "request head not complete within " + headTimeout.toMillis() + " ms")));
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        cancelHeadDeadline();
        super.handlerRemoved0(ctx);
    }

    /** Whether the decoder is waiting for {@link #resume} before it reads the next request. */
    public boolean paused() {
        return paused;
    }

    /** Whether bytes of a next request are waiting (pipelining). */
    public boolean hasBufferedBytes() {
        return internalBuffer().isReadable();
    }

    /** Stops decoding for good (the connection is being closed or handed to a relay). */
    public void stop() {
        failed = true;
    }

    /** Lets the next request be decoded, including bytes that arrived while paused. Call on the event loop. */
    public void resume() {
        if (!paused || failed) {
            return;
        }
        paused = false;
        if (!internalBuffer().isReadable()) {
            return;
        }
        // Decode what is already buffered on a later turn of the loop: resume() is often called from inside this
        // decoder's own channelRead (a refusal finishing a request), and the decoder must not be re-entered.
        context.executor().execute(() -> {
            if (!paused && !failed && !context.isRemoved() && internalBuffer().isReadable()) {
                context.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
            }
        });
    }
}
