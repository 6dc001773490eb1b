package io.swarmedge.proxy.entrypoint;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First handler of every accepted TCP connection, there for the connection's whole life (HTTP/1.1,
 * TLS, HTTP/2 alike): counts open connections, enforces {@code maxConnections} and registers the
 * connection for the drain. HTTP/2 streams never pass here: they are not connections, their number is
 * bounded per connection by {@code SETTINGS_MAX_CONCURRENT_STREAMS}.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private final EntryPointContext ep;
    private final int max;

    ConnectionGate(EntryPointContext ep) {
        this.ep = ep;
        this.max = ep.config.limits().maxConnections();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int open = ep.openConnections.incrementAndGet();
        if (max > 0 && open > max) {
            ctx.close();
            return;
        }
        ep.connections.add(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ep.openConnections.decrementAndGet();
        super.channelInactive(ctx);
    }
}
