package io.swarmedge.lab.drill;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When new connections through the VIP succeed again after a fault: every {@value #INTERVAL_MS} ms a new
 * connection and one GET, each attempt on its own virtual thread (a hanging attempt does not delay the
 * next one). The connect timeout ({@value #CONNECT_TIMEOUT_MS} ms) is below TCP's first SYN retransmission
 * (1 s), so an attempt that started before the VIP moved cannot succeed after it and blur the time.
 */
final class TakeoverProbe implements AutoCloseable {
    static final int INTERVAL_MS = 20;
    static final int CONNECT_TIMEOUT_MS = 300;
    static final int READ_TIMEOUT_MS = 1000;

    /** One attempt: when it started ({@link System#nanoTime()}) and whether the demo answered 200. */
    record Attempt(long startNanos, boolean ok) {}

    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread ticker;
    private final String vip;
    private final String host;

    private TakeoverProbe(String vip, String host) {
        this.vip = vip;
        this.host = host;
        this.ticker = Thread.ofVirtual().name("takeover-probe").unstarted(this::tick);
    }

    static TakeoverProbe start(String vip, String host) {
        TakeoverProbe probe = new TakeoverProbe(vip, host);
        probe.ticker.start();
        return probe;
    }

    private void tick() {
        long next = System.nanoTime();
        while (!stopped.get()) {
            long started = System.nanoTime();
            Thread.ofVirtual().start(() -> attempts.add(new Attempt(started, attempt())));
            next += INTERVAL_MS * 1_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private boolean attempt() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(vip, 80), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The outage new connections saw after {@code nanoTime}: the longest run of consecutive failed
     * attempts (in the order they started) that a successful attempt ended, from the start of its first
     * failure to the start of that success. The longest, not the first: while a killed node dies, its
     * proxy may fail one request (its whoami task went first) and answer the next one before it goes too.
     */
    Optional<Outage> outageAfter(long nanoTime) {
        List<Attempt> sorted = sortedFrom(nanoTime);
        Outage longest = null;
        long streakStart = -1;
        for (Attempt attempt : sorted) {
            if (!attempt.ok()) {
                if (streakStart < 0) {
                    streakStart = attempt.startNanos();
                }
            } else if (streakStart >= 0) {
                Outage outage = new Outage(streakStart, attempt.startNanos());
                if (longest == null || outage.millis() > longest.millis()) {
                    longest = outage;
                }
                streakStart = -1;
            }
        }
        return Optional.ofNullable(longest);
    }

    /**
     * Whether new connections work again after a fault at {@code nanoTime}: some attempt failed since, and
     * every attempt of the last {@code window} (at least ten) succeeded.
     */
    boolean recoveredAfter(long nanoTime, Duration window) {
        List<Attempt> sorted = sortedFrom(nanoTime);
        if (sorted.stream().allMatch(Attempt::ok)) {
            return false;
        }
        long since = System.nanoTime() - window.toNanos();
        List<Attempt> recent =
                sorted.stream().filter(a -> a.startNanos() >= since).toList();
        return recent.size() >= 10 && recent.stream().allMatch(Attempt::ok);
    }

    private List<Attempt> sortedFrom(long nanoTime) {
        return snapshot().stream()
                .filter(a -> a.startNanos() >= nanoTime)
                .sorted(Comparator.comparingLong(Attempt::startNanos))
                .toList();
    }

    /** New connections failed from {@code startNanos} and succeeded again from {@code endNanos}. */
    record Outage(long startNanos, long endNanos) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    /** Attempts so far, in no particular order. */
    List<Attempt> snapshot() {
        return List.copyOf(attempts);
    }

    @Override
    public void close() {
        stopped.set(true);
        ticker.interrupt();
    }
}
