package io.swarmedge.proxy.entrypoint;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Makes an HTTP/2 request look as HTTP/1.1's decoder hands requests over: a whole request (headers
 * with end of stream) becomes a head and an empty last piece, and the {@code x-http2-*} headers Netty's HTTP/2 → HTTP/1 conversion adds to a request (stream
 * id, scheme): they describe the client's connection, not the request, and must not reach a backend.
 */
final class Http2RequestHeaders extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
                request.headers().remove(name.text());
            }
            if (msg instanceof FullHttpRequest full) {
                // the exchange takes a head then body pieces, as HTTP/1.1's decoder hands them over
                ctx.fireChannelRead(
                        new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers()));
                DefaultLastHttpContent last = new DefaultLastHttpContent(full.content());
                last.trailingHeaders().set(full.trailingHeaders());
                ctx.fireChannelRead(last);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
