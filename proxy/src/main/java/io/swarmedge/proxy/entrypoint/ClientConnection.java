package io.swarmedge.proxy.entrypoint;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of an entrypoint: turns decoded requests into {@link Exchange}s, one at a
 * time (pipelined requests wait their turn), and decides when the connection is reused or closed.
 * After a protocol switch (WebSocket) it relays raw bytes to the upstream.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    /** Read paused because the upstream cannot take more request body. */
    static final int PAUSE_UPSTREAM = 1;
    /** Read paused because pipelined requests pile up. */
    static final int PAUSE_PIPELINE = 2;

    private static final int MAX_PENDING = 64;
    /** How long a drain leaves a new connection to send its first request. */
    private static final long FRESH_CONNECTION_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Longest wait for the client to close after the proxy closed its side. */
    private static final long LINGER_MILLIS = 2000;

    final EntryPointContext ep;
    final ConnectionDeadlines deadlines;
    ChannelHandlerContext ctx;
    Channel channel;
    InetSocketAddress remote;
    String clientIp;
    boolean trusted;
    private Exchange exchange;
    private ArrayDeque<Object> pending;
    private int paused;
    boolean closeAfterResponse;
    private int served;
    private Channel tunnel;
    private boolean tunnelling;
    /** Output shut down after the last response: whatever the client still sends is read and dropped. */
    private boolean closing;

    private boolean lingering;

    private long connectedAt;
    /** Inside a read loop: the read-complete that follows will flush the upstream. */
    boolean inRead;

    ClientConnection(EntryPointContext ep, ConnectionDeadlines deadlines) {
        this.ep = ep;
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectedAt = System.nanoTime();
        remote = (InetSocketAddress) channel.remoteAddress();
        clientIp = remote.getAddress().getHostAddress();
        trusted = ep.trusted.trusts(remote.getAddress());
        super.channelActive(ctx);
        if (ep.stopped) {
            drain(); // accepted just before the entrypoint stopped accepting: serves one request at most
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (lingering) {
            lingering = false;
            ep.lingering.decrementAndGet();
        }
        Exchange ex = exchange;
        if (ex != null) {
            ex.clientClosed();
        }
        if (tunnel != null) {
            tunnel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        if (pending != null) {
            pending.forEach(ReferenceCountUtil::release);
            pending.clear();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (tunnel != null) {
            tunnel.write(msg);
            if (!tunnel.isWritable()) {
                pause(PAUSE_UPSTREAM);
            }
            return;
        }
        if (tunnelling) {
            enqueue(msg); // raw bytes that arrived while the upstream side switches
            return;
        }
        if ((pending != null && !pending.isEmpty()) || (exchange != null && exchange.requestComplete())) {
            enqueue(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(request);
            if (msg instanceof HttpContent content) {
                onContent(content);
            }
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onContent(HttpContent content) {
        Exchange ex = exchange;
        if (ex != null && !ex.requestComplete()) {
            ex.onRequestContent(content);
        } else {
            content.release();
        }
    }

    private void enqueue(Object msg) {
        if (pending == null) {
            pending = new ArrayDeque<>();
        }
        pending.add(msg);
        if (pending.size() > MAX_PENDING) {
            pause(PAUSE_PIPELINE);
        }
    }

    private void onRequest(HttpRequest request) {
        long start = System.nanoTime();
        served++;
        Exchange ex = new Exchange(this, request, start);
        exchange = ex;
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            closeAfterResponse = true;
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException
                            ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                            : cause instanceof TooLongFrameException
                                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                                    : HttpResponseStatus.BAD_REQUEST;
            ex.markRequestComplete();
            ex.respondError(status);
            return;
        }
        int maxHeaders = ep.config.limits().maxHeaderCount();
        if (maxHeaders > 0 && request.headers().size() > maxHeaders) {
            closeAfterResponse = true;
            ex.markRequestComplete();
            ex.respondError(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
            return;
        }
        int maxRequests = ep.config.limits().keepAliveMaxRequests();
        if (ep.draining
                || (maxRequests > 0 && served >= maxRequests)
                || (ep.keepAliveMaxNanos > 0 && start - connectedAt > ep.keepAliveMaxNanos)) {
            closeAfterResponse = true;
        }
        ex.start();
    }

    /** The exchange finished; the connection serves the next request or closes. */
    void exchangeDone(Exchange ex, boolean keepAlive) {
        if (exchange != ex) {
            return;
        }
        exchange = null;
        if (!keepAlive || closeAfterResponse || ep.draining || !channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> closeGracefully());
            return;
        }
        deadlines.awaitingRequest();
        resume(PAUSE_UPSTREAM);
        if (pending != null) {
            Object msg;
            while ((exchange == null || !exchange.requestComplete()) && (msg = pending.poll()) != null) {
                deadlines.channelReadFromQueue();
                dispatch(msg);
            }
            if (pending.size() <= MAX_PENDING) {
                resume(PAUSE_PIPELINE);
            }
        }
    }

    /** First half of the switch to a tunnel (after a 101): the HTTP codec leaves, raw bytes are held. */
    void prepareTunnel() {
        exchange = null;
        tunnelling = true;
        deadlines.tunnel();
        if (pending != null) {
            pending.forEach(ReferenceCountUtil::release);
            pending.clear();
        }
        ctx.pipeline().remove("http");
    }

    /** Second half: relays held and future bytes to {@code upstream}, whose codec is gone too. */
    void becomeTunnel(Channel upstream) {
        tunnel = upstream;
        if (pending != null) {
            Object msg;
            while ((msg = pending.poll()) != null) {
                upstream.write(msg);
            }
        }
        upstream.flush();
        resume(PAUSE_UPSTREAM | PAUSE_PIPELINE);
    }

    /**
     * Starts graceful shutdown of this connection: closes it when no request is in progress, else after
     * the response. A connection that has not sent its first request yet gets {@link
     * #FRESH_CONNECTION_NANOS} to do so (like Go's server): it was most likely accepted for a request
     * that is on its way, and closing it would lose that request.
     */
    void drain() {
        closeAfterResponse = true;
        if (!channel.isActive()) {
            return;
        }
        if (exchange != null
                || tunnel != null
                || (pending != null && !pending.isEmpty())
                || deadlines.requestStarted()) {
            return; // closes after the response (ep.draining)
        }
        long young = FRESH_CONNECTION_NANOS - (System.nanoTime() - connectedAt);
        if (served == 0 && young > 0) {
            channel.eventLoop().schedule(this::drain, young, TimeUnit.NANOSECONDS);
            return;
        }
        closeGracefully();
    }

    /**
     * Closes the way HTTP/1.1 asks (RFC 9112, 9.6): the output first (TLS close_notify, then FIN) while
     * the input is still read and dropped until the client closes or {@link #LINGER_MILLIS} passed. A
     * plain close with unread client bytes would answer them with a reset, which can destroy the last
     * response before the client read it.
     */
    void closeGracefully() {
        if (closing) {
            return; // already lingering; the scheduled close ends it
        }
        closing = true;
        if (!(channel instanceof DuplexChannel duplex)) {
            channel.close(); // an HTTP/2 stream: its end is the stream's end
            return;
        }
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        ChannelFuture output = tls == null ? channel.newSucceededFuture() : tls.closeOutbound();
        output.addListener(f -> {
            if (channel.isActive()) {
                duplex.shutdownOutput();
                lingering = true;
                ep.lingering.incrementAndGet();
            }
        });
        channel.eventLoop().schedule(() -> channel.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    void pause(int reason) {
        if (paused == 0) {
            channel.config().setAutoRead(false);
        }
        paused |= reason;
    }

    void resume(int reason) {
        if (paused == 0) {
            return;
        }
        paused &= ~reason;
        if (paused == 0) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (tunnel != null) {
            tunnel.flush();
            return;
        }
        Exchange ex = exchange;
        if (ex != null) {
            ex.flushUpstream();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = channel.isWritable();
        if (tunnel != null) {
            tunnel.config().setAutoRead(writable);
            return;
        }
        Exchange ex = exchange;
        if (ex != null) {
            ex.clientWritabilityChanged(writable);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client-connection-error entrypoint={} client={} error=\"{}\"", ep.name, clientIp, cause.toString());
        ctx.close();
    }
}
