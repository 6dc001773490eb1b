package io.swarmedge.proxy.entrypoint;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client connection's read and idle timeouts ({@code respondingTimeouts}), as Go's HTTP server
 * applies them: a request must be read whole within {@code readTimeout} of its first byte (or of the
 * connection's start), its response must be written within {@code writeTimeout} (when set), and a
 * keep-alive connection may wait {@code idleTimeout} for its next request.
 * So a client that trickles its headers (slowloris) or idles cannot hold the connection forever.
 *
 * <p>Sits before the HTTP codec to see the first byte of each request. One periodic check per
 * connection compares a deadline instead of rescheduling timers per request.
 */
final class ConnectionDeadlines extends ChannelDuplexHandler {
    private static final int IDLE = 0;
    private static final int READING = 1;
    private static final int BUSY = 2;

    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long writeTimeoutNanos;
    private final long periodNanos;
    private int state = READING;
    /** A byte of the next request arrived (or of the first one, on a new connection). */
    private boolean requestStarted;

    private long deadline;
    private ScheduledFuture<?> ticker;

    ConnectionDeadlines(long readTimeoutNanos, long idleTimeoutNanos, long writeTimeoutNanos) {
        this.readTimeoutNanos = readTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.writeTimeoutNanos = writeTimeoutNanos;
        long shortest = Long.MAX_VALUE;
        if (writeTimeoutNanos > 0) {
            shortest = writeTimeoutNanos;
        }
        if (readTimeoutNanos > 0) {
            shortest = Math.min(shortest, readTimeoutNanos);
        }
        if (idleTimeoutNanos > 0) {
            shortest = Math.min(shortest, idleTimeoutNanos);
        }
        this.periodNanos = shortest == Long.MAX_VALUE
                ? 0
                : Math.clamp(shortest / 4, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(1));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        state = READING;
        deadline = deadlineAfter(readTimeoutNanos);
        if (periodNanos > 0) {
            ticker = ctx.executor()
                    .scheduleAtFixedRate(() -> check(ctx), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ticker != null) {
            ticker.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        requestStarted = true;
        if (state == IDLE) {
            state = READING;
            deadline = deadlineAfter(readTimeoutNanos);
        }
        super.channelRead(ctx, msg);
    }

    /** A request queued earlier (pipelined) starts now: its read deadline runs from here. */
    void channelReadFromQueue() {
        if (state == IDLE) {
            state = READING;
            deadline = deadlineAfter(readTimeoutNanos);
        }
    }

    /**
     * The current request has been read whole: no read deadline while it is served, but the response
     * must be written within {@code writeTimeout} when one is set (Traefik's default: none).
     */
    void requestRead() {
        state = BUSY;
        deadline = deadlineAfter(writeTimeoutNanos);
    }

    /** The response is done and the connection waits for the next request. */
    void awaitingRequest() {
        state = IDLE;
        requestStarted = false;
        deadline = deadlineAfter(idleTimeoutNanos);
    }

    /** Whether part of a request arrived that the codec has not turned into a request yet. */
    boolean requestStarted() {
        return requestStarted && state == READING;
    }

    /** The connection became a tunnel (WebSocket…): only idleness ends it now. */
    void tunnel() {
        state = BUSY;
        deadline = 0;
    }

    private long deadlineAfter(long timeout) {
        return timeout > 0 ? System.nanoTime() + timeout : 0;
    }

    private void check(ChannelHandlerContext ctx) {
        long d = deadline;
        if (d != 0 && System.nanoTime() - d >= 0) {
            ctx.close();
        }
    }
}
