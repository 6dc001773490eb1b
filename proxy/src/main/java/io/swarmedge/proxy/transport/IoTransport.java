package io.swarmedge.proxy.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty I/O transport the proxy runs on: native epoll when the platform offers it, NIO otherwise.
 * Client and upstream channels share one event loop group so a request and its upstream connection
 * live on the same thread (no cross-thread hand-off on the hot path).
 *
 * @param name {@code epoll} or {@code nio}
 * @param factory creates the I/O handlers of event loops
 * @param serverChannel listening channel class
 * @param socketChannel connected channel class
 */
public record IoTransport(
        String name,
        IoHandlerFactory factory,
        Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel) {

    /** The best transport available here. */
    public static IoTransport best() {
        if (Epoll.isAvailable()) {
            return new IoTransport(
                    "epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new IoTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** A new event loop group of {@code threads} threads (0 = Netty's default, twice the cores). */
    public EventLoopGroup newGroup(int threads, String threadName) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true), factory);
    }
}
