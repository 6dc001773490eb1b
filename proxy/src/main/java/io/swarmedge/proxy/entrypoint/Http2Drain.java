package io.swarmedge.proxy.entrypoint;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Ends an HTTP/2 connection without losing a stream (RFC 9113, 6.8): a GOAWAY with the largest
 * stream id (no new streams, but any already on the wire is served), a PING, and once its ACK shows
 * the client has seen the GOAWAY, the GOAWAY with the real last stream id; the connection closes when
 * its streams finished. Started for every HTTP/2 connection when the entrypoint drains (a connection
 * opened during the drain first serves the stream it came for).
 */
final class Http2Drain extends ChannelInboundHandlerAdapter {
    /** Payload of the drain's PING, to tell its ACK from the client's own pings. */
    static final long PING_PAYLOAD = 0x7377_6172_6d65_6467L;
    /** Longest wait for the PING's ACK before the final GOAWAY goes anyway. */
    static final long ACK_WAIT_MILLIS = 1000;

    private final EntryPointContext ep;
    private ChannelHandlerContext ctx;
    private boolean started;
    private boolean finished;

    Http2Drain(EntryPointContext ep) {
        this.ep = ep;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** A client stream opened (on this connection's event loop). */
    void streamOpened() {
        if (ep.draining) {
            start();
        }
    }

    /** Sends the first GOAWAY and the PING; call on the connection's event loop. */
    void start() {
        if (started || !ctx.channel().isActive()) {
            return;
        }
        started = true;
        ctx.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
        ctx.writeAndFlush(new DefaultHttp2PingFrame(PING_PAYLOAD, false));
        ctx.executor().schedule(this::finish, ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == PING_PAYLOAD) {
            ReferenceCountUtil.release(msg);
            finish();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The GOAWAY with the last stream the client opened, then a close that waits for the streams. */
    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        ctx.channel().close();
    }
}
