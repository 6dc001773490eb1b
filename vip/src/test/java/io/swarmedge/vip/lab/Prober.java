package io.swarmedge.vip.lab;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A client inside the lab that keeps opening TCP connections to the virtual IP, recording which
 * node answered each one, so a test or benchmark can measure the gap of a failover.
 */
public final class Prober implements AutoCloseable {
    /** One attempt: when it started and which node answered (empty = failed). */
    public record Sample(long nanos, Optional<String> node) {}

    private final List<Sample> samples = new ArrayList<>();
    private volatile boolean stopped;
    private final Thread thread;

    Prober(String netns, InetSocketAddress target) {
        thread = NetnsThreads.start(netns, "prober", () -> loop(target));
    }

    private void loop(InetSocketAddress target) {
        while (!stopped) {
            long start = System.nanoTime();
            Optional<String> node = Optional.empty();
            try (Socket s = new Socket()) {
                s.connect(target, 50);
                s.setSoTimeout(200);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                node = Optional.ofNullable(line);
            } catch (Exception e) {
                // a failed attempt is data
            }
            synchronized (samples) {
                samples.add(new Sample(start, node));
            }
            // Pace the attempts: about 150 per second is fine grained and light.
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** The node that answered most recently, if the last attempt succeeded. */
    public Optional<String> lastAnswer() {
        synchronized (samples) {
            return samples.isEmpty() ? Optional.empty() : samples.getLast().node();
        }
    }

    /**
     * Time from {@code sinceNanos} to the first attempt answered by {@code node}; empty when it
     * has not answered yet.
     */
    public Optional<Long> millisUntilAnsweredBy(long sinceNanos, String node) {
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.nanos() >= sinceNanos && s.node().filter(node::equals).isPresent()) {
                    return Optional.of((s.nanos() - sinceNanos) / 1_000_000);
                }
            }
        }
        return Optional.empty();
    }

    /** The longest stretch of failed attempts after {@code sinceNanos}, in milliseconds. */
    public long longestOutageMillis(long sinceNanos) {
        long longest = 0;
        long lastGood = sinceNanos;
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.nanos() < sinceNanos) {
                    continue;
                }
                if (s.node().isPresent()) {
                    longest = Math.max(longest, (s.nanos() - lastGood) / 1_000_000);
                    lastGood = s.nanos();
                }
            }
        }
        return longest;
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
