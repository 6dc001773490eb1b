package io.swarmedge.socketproxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.swarmedge.socketproxy.forward.ClientConnection;
import io.swarmedge.socketproxy.forward.DaemonConnector;
import io.swarmedge.socketproxy.forward.Pipelines;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket proxy: a TCP listener whose connections are filtered by the {@link SocketProxySettings#policy()} and
 * forwarded to the Docker daemon's unix socket. {@link #close()} stops accepting, ends streams cleanly, lets other
 * requests finish within the grace period, then closes what is left.
 */
public final class SocketProxyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketProxyServer.class);

    private final SocketProxySettings settings;
    private final EventLoopGroup group;
    private final ChannelGroup clients;
    private final ProxyCounters counters;
    private final Channel server;

    private SocketProxyServer(
            SocketProxySettings settings,
            EventLoopGroup group,
            ChannelGroup clients,
            Channel server,
            ProxyCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.group = group;
        this.clients = clients;
        this.server = server;
    }

    /** Binds the listener; fails (and releases its threads) when the address cannot be bound. */
    public static SocketProxyServer start(SocketProxySettings settings) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                Math.min(4, Runtime.getRuntime().availableProcessors()), EpollIoHandler.newFactory());
        DaemonConnector daemon = new DaemonConnector(settings.socket(), settings.connectTimeout());
        ChannelGroup clients = new DefaultChannelGroup("socket-proxy-clients", GlobalEventExecutor.INSTANCE);
        ProxyCounters counters = new ProxyCounters();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (clients.size() >= settings.maxConnections()) {
                                log.warn(
                                        "event=connection-refused reason=max-connections max={} remote={}",
                                        settings.maxConnections(),
                                        ch.remoteAddress());
                                ch.close();
                                return;
                            }
                            clients.add(ch);
                            ch.pipeline()
                                    .addLast(
                                            Pipelines.IDLE,
                                            new IdleStateHandler(
                                                    settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
                            Pipelines.addHttp(ch.pipeline(), settings.idleTimeout());
                            ch.pipeline().addLast("client", new ClientConnection(settings.policy(), daemon, counters));
                        }
                    });
            InetSocketAddress address = settings.listen().socketAddress(settings.ipv4Only());
            ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
            if (!bound.isSuccess() && settings.listen().isWildcard() && !settings.ipv4Only()) {
                // No IPv6 in this network namespace: serve IPv4 rather than not at all.
                log.warn(
                        "event=ipv6-unavailable fallback=0.0.0.0:{} cause=\"{}\"",
                        settings.listen().port(),
                        bound.cause().getMessage());
                address = settings.listen().socketAddress(true);
                bound = bootstrap.bind(address).awaitUninterruptibly();
            }
            if (!bound.isSuccess()) {
                throw new IllegalStateException(
                        "cannot listen on " + settings.listen() + ": "
                                + bound.cause().getMessage(),
                        bound.cause());
            }
            var proxy = new SocketProxyServer(settings, group, clients, bound.channel(), counters);
            log.info(
                    "event=listening address={} socket={} {}",
                    proxy.address(),
                    settings.socket(),
                    settings.policy().describe());
            return proxy;
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** What the proxy has done so far. */
    public ProxyCounters counters() {
        return counters;
    }

    /** Blocks until the listener closes. */
    public void awaitClose() throws InterruptedException {
        server.closeFuture().sync();
    }

    @Override
    public void close() {
        log.info("event=stopping clients={}", clients.size());
        server.close().syncUninterruptibly();
        for (Channel client : clients) {
            client.pipeline().fireUserEventTriggered(ClientConnection.SHUTDOWN);
        }
        clients.newCloseFuture().awaitUninterruptibly(settings.shutdownGrace().toMillis());
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.info("event=stopped {}", counters.summary());
    }
}
