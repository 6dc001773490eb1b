package io.swarmedge.whoami;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Sends every data frame of a {@code /ws} session back as it came; pings and close frames are answered by
 * Netty's protocol handler in front of it. Stops reading while the peer is not draining the echo.
 */
final class WebSocketEcho extends ChannelInboundHandlerAdapter {
    private final RequestCounters counters;
    private boolean pausedForBackpressure;

    WebSocketEcho(RequestCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame
                || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame) {
            ctx.write(msg);
            if (!ctx.channel().isWritable()) {
                pausedForBackpressure = true;
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            ctx.fireChannelRead(msg);
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
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            counters.webSocketSessions.increment();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
