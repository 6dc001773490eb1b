package io.swarmedge.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * One HTTP/1.1 connection to an upstream server: the last handler of its pipeline. It serves one
 * exchange at a time (its {@link UpstreamListener}); between exchanges it waits in its upstream's
 * {@link ConnectionPool}, and anything it reads then means the server gave up on it.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    private static final ClosedChannelException CLOSED = new ClosedChannelException();

    private final Upstream upstream;
    private Channel channel;
    private UpstreamListener listener;
    private long idleSince;
    private int served;

    UpstreamConnection(Upstream upstream) {
        this.upstream = upstream;
    }

    /** The server this connection reaches. */
    public Upstream upstream() {
        return upstream;
    }

    /** The Netty channel. */
    public Channel channel() {
        return channel;
    }

    /** Whether the connection served an exchange before this one (a pooled, reused connection). */
    public boolean reused() {
        return served > 0;
    }

    /** Binds the connection to an exchange. */
    public void attach(UpstreamListener listener) {
        this.listener = listener;
    }

    /** Unbinds from the finished exchange and returns to the pool, or closes when the pool is full. */
    public void release(boolean reusable) {
        listener = null;
        served++;
        // An h2c stream serves one request; its connection is shared, not pooled.
        if (!reusable
                || upstream.h2c()
                || !channel.isActive()
                || !upstream.pool().offer(this)) {
            channel.close();
        }
    }

    /** Unbinds from the exchange and closes (the exchange failed or the connection cannot be reused). */
    public void discard() {
        listener = null;
        channel.close();
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanos) {
        this.idleSince = nanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null) {
            // Bytes on an idle connection: the server is closing it or misbehaving; do not reuse.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            l.onResponseHead(this, response);
            if (msg instanceof HttpContent content) {
                l.onResponseContent(this, content);
            }
        } else if (msg instanceof HttpContent content) {
            l.onResponseContent(this, content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            l.onReadComplete(this);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            l.onWritabilityChanged(this, ctx.channel().isWritable());
        }
    }

    /** ETIMEDOUT: data unacknowledged past TCP_USER_TIMEOUT, or keep-alive probes unanswered. */
    private static boolean timedOut(Throwable cause) {
        return cause instanceof IOException e
                && e.getMessage() != null
                && e.getMessage().contains("Connection timed out");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        listener = null;
        if (l != null) {
            l.onFailure(this, CLOSED);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener l = listener;
        listener = null;
        if (timedOut(cause)) {
            upstream.connectionTimedOut();
        }
        ctx.close();
        if (l != null) {
            l.onFailure(this, cause);
        }
    }
}
