package io.swarmedge.socketproxy.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/** The daemon side of one {@link ClientConnection}: hands every response part back to it on the same loop. */
final class DaemonConnection extends ChannelInboundHandlerAdapter {
    private final ClientConnection client;

    DaemonConnection(ClientConnection client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case HttpResponse response -> {
                // A response object may also carry content (FullHttpResponse); handle both parts.
                client.daemonResponse(response);
                if (response instanceof HttpContent content) {
                    client.daemonContent(content);
                } else {
                    ReferenceCountUtil.release(response);
                }
            }
            case HttpContent content -> client.daemonContent(content);
            case ByteBuf bytes -> client.daemonRelayBytes(bytes);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        client.daemonReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        client.daemonWritabilityChanged(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            client.daemonInputShutdown(ctx.channel());
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        client.daemonInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
