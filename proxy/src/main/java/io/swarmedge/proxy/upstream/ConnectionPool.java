package io.swarmedge.proxy.upstream;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Idle keep-alive connections to one upstream, kept per event loop so a request reuses a connection
 * owned by its own thread (the deques are only touched from their event loop: no locks).
 */
public final class ConnectionPool {
    private final ConcurrentHashMap<EventLoop, ArrayDeque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private final int maxIdlePerLoop;
    private final long idleTimeoutNanos;
    private final LongSupplier nanoClock;
    private volatile boolean closed;

    ConnectionPool(int maxIdlePerLoop, long idleTimeoutNanos, LongSupplier nanoClock) {
        this.maxIdlePerLoop = maxIdlePerLoop;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.nanoClock = nanoClock;
    }

    /** An idle live connection of this event loop, most recently used first; null when none. */
    public UpstreamConnection poll(EventLoop loop) {
        ArrayDeque<UpstreamConnection> deque = idle.get(loop);
        if (deque == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        UpstreamConnection c;
        while ((c = deque.pollLast()) != null) {
            if (c.channel().isActive() && (idleTimeoutNanos <= 0 || now - c.idleSince() < idleTimeoutNanos)) {
                return c;
            }
            c.channel().close();
        }
        return null;
    }

    /** Keeps a connection for reuse; false when the pool is full or closed (the caller closes it). */
    boolean offer(UpstreamConnection connection) {
        if (closed || maxIdlePerLoop <= 0) {
            return false;
        }
        EventLoop loop = connection.channel().eventLoop();
        ArrayDeque<UpstreamConnection> deque = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        if (deque.size() >= maxIdlePerLoop) {
            return false;
        }
        connection.idleSince(nanoClock.getAsLong());
        deque.addLast(connection);
        // An idle connection that the server closes must leave the pool at once.
        return true;
    }

    /** Closes connections idle longer than the idle timeout (runs each deque on its own loop). */
    public void sweep() {
        if (idleTimeoutNanos <= 0) {
            return;
        }
        idle.forEach((loop, deque) -> loop.execute(() -> {
            long now = nanoClock.getAsLong();
            for (Iterator<UpstreamConnection> it = deque.iterator(); it.hasNext(); ) {
                UpstreamConnection c = it.next();
                if (!c.channel().isActive() || now - c.idleSince() >= idleTimeoutNanos) {
                    it.remove();
                    c.channel().close();
                }
            }
        }));
    }

    /** Closes every idle connection and refuses new ones (the upstream left the configuration). */
    public void close() {
        closed = true;
        closeIdle();
    }

    /** Closes every idle connection (they are dead: their server vanished). */
    void closeIdle() {
        idle.forEach((loop, deque) -> loop.execute(() -> {
            UpstreamConnection c;
            while ((c = deque.pollLast()) != null) {
                c.channel().close();
            }
        }));
    }

    /** Number of idle connections (for tests and metrics; approximate while loops run). */
    public int idleCount() {
        return idle.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
