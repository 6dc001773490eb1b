package io.swarmedge.cli.downtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * One downtime measurement: {@code concurrency} workers on virtual threads share the aggregate rate
 * (worker {@code i} sends at {@code start + i/rate + k·concurrency/rate}), each request is recorded
 * as a {@link Sample}, and {@link #run()} returns the report once the duration is over (or
 * {@link #stop()} was called) and the last request has ended.
 *
 * <p>A worker whose request takes longer than its interval skips the slots it missed rather than
 * sending a burst afterwards: the rate stays fixed and the skipped slots are counted.
 */
public final class DowntimeRun {
    /** Failures less than this apart belong to one {@link FailureWindow}. */
    static final long WINDOW_JOIN_NANOS = 1_000_000_000L;

    private final DowntimeOptions options;
    private final LongSupplier nanoTime;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failedCount = new LongAdder();
    private final Map<FailureKind, LongAdder> failuresByKind = new EnumMap<>(FailureKind.class);
    private final AtomicLong lastSuccessEnd = new AtomicLong(-1);
    private final AtomicLong lastFailureEnd = new AtomicLong(-1);
    private final AtomicLong failingSince = new AtomicLong(-1);
    private final AtomicReference<Throwable> workerFailure = new AtomicReference<>();
    private volatile long startNanos;
    private volatile List<Sample> samples = List.of();

    /** Live counters for a progress line. */
    public record Progress(
            double elapsedMs, long requests, long failed, Map<String, Long> failuresByKind, double failingForMs) {}

    public DowntimeRun(DowntimeOptions options, LongSupplier nanoTime) {
        this.options = options;
        this.nanoTime = nanoTime;
        for (FailureKind kind : FailureKind.values()) {
            failuresByKind.put(kind, new LongAdder());
        }
    }

    /** A run on the system's monotonic clock. */
    public DowntimeRun(DowntimeOptions options) {
        this(options, System::nanoTime);
    }

    /**
     * The clock reading ({@code nanoTime}) when {@link #run()} started: {@link Sample#startNanos()} is
     * relative to it, so callers can place their own events (a node killed at ...) on the run's time line.
     * 0 before the run started.
     */
    public long startedAtNanos() {
        return startNanos;
    }

    /** Every request of a finished run, in no particular order (empty before {@link #run()} returned). */
    public List<Sample> samples() {
        return samples;
    }

    /** Ends the run early: workers finish their current request and send no more. */
    public void stop() {
        stopped.set(true);
    }

    /** The counters so far (safe to call from any thread while {@link #run()} runs). */
    public Progress progress() {
        long now = nanoTime.getAsLong() - startNanos;
        Map<String, Long> kinds = new LinkedHashMap<>();
        failuresByKind.forEach((kind, count) -> {
            if (count.sum() > 0) {
                kinds.put(kind.label(), count.sum());
            }
        });
        long since = failingSince.get();
        double failingFor = since >= 0 && lastFailureEnd.get() > lastSuccessEnd.get() ? now - since : 0;
        return new Progress(
                GapFinder.millis(Math.max(0, now)), sent.sum(), failedCount.sum(), kinds, GapFinder.millis((long)
                        failingFor));
    }

    /**
     * Sends requests for the configured duration and returns the report.
     *
     * @throws IllegalArgumentException when the target's host name does not resolve
     * @throws InterruptedException when the calling thread is interrupted (workers are stopped first)
     */
    public DowntimeReport run() throws InterruptedException {
        InetSocketAddress address = resolve();
        int workers = options.concurrency();
        long slotNanos = 1_000_000_000L / options.rate();
        long workerInterval = slotNanos * workers;
        List<List<Sample>> perWorker = new ArrayList<>();
        long[] missed = new long[workers];
        long[] retried = new long[workers];
        List<Thread> threads = new ArrayList<>();
        startNanos = nanoTime.getAsLong();
        long end = startNanos + options.duration().toNanos();
        for (int i = 0; i < workers; i++) {
            List<Sample> samples = new ArrayList<>();
            perWorker.add(samples);
            int index = i;
            long first = startNanos + i * slotNanos;
            threads.add(Thread.ofVirtual().name("downtime-" + i).start(() -> {
                try {
                    work(address, index, first, workerInterval, end, samples, missed, retried);
                } catch (RuntimeException | Error e) {
                    // A bug, not a failed request: end the run and say so rather than report half of it.
                    workerFailure.compareAndSet(null, e);
                    stop();
                }
            }));
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            stop();
            for (Thread thread : threads) {
                thread.join(options.timeout().toMillis() + 1000);
            }
            throw e;
        }
        Throwable failure = workerFailure.get();
        if (failure != null) {
            throw new IllegalStateException("a downtime worker failed: " + failure, failure);
        }
        List<Sample> all = new ArrayList<>();
        perWorker.forEach(all::addAll);
        samples = List.copyOf(all);
        long missedTotal = 0;
        long retriedTotal = 0;
        for (int i = 0; i < workers; i++) {
            missedTotal += missed[i];
            retriedTotal += retried[i];
        }
        return report(all, retriedTotal, missedTotal);
    }

    private InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(options.target().getHost()), options.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("URL " + options.target() + ": unknown host " + e.getMessage(), e);
        }
    }

    private void work(
            InetSocketAddress address,
            int index,
            long first,
            long interval,
            long end,
            List<Sample> samples,
            long[] missed,
            long[] retried) {
        ConnectionMode mode = options.modeOf(index);
        try (HttpProbe probe = new HttpProbe(address, options, mode, nanoTime)) {
            long slot = 0;
            long sequence = 0;
            while (!stopped.get()) {
                long due = first + slot * interval;
                if (due >= end) {
                    return;
                }
                long wait;
                while ((wait = due - nanoTime.getAsLong()) > 0 && !stopped.get()) {
                    LockSupport.parkNanos(wait);
                }
                if (stopped.get()) {
                    return;
                }
                String method = options.methods().methodFor(sequence);
                long started = nanoTime.getAsLong();
                HttpProbe.Exchange exchange = probe.send(method, index * 1_000_000_000L + sequence);
                long ended = nanoTime.getAsLong();
                sequence++;
                if (exchange.retriedStale()) {
                    retried[index]++;
                }
                record(samples, new Sample(started - startNanos, ended - started, exchange.outcome(), mode, method));
                // Next slot after now; slots that passed while this request ran are skipped, not burst.
                long next = slot + 1;
                long behind = (ended - first) / interval + 1;
                if (behind > next) {
                    missed[index] += behind - next;
                    next = behind;
                }
                slot = next;
            }
        }
    }

    private void record(List<Sample> samples, Sample sample) {
        samples.add(sample);
        sent.increment();
        if (sample.outcome() instanceof Outcome.Failed failed) {
            failedCount.increment();
            failuresByKind.get(failed.kind()).increment();
            if (lastFailureEnd.get() <= lastSuccessEnd.get()) {
                failingSince.set(sample.startNanos());
            }
            lastFailureEnd.accumulateAndGet(sample.endNanos(), Math::max);
        } else {
            lastSuccessEnd.accumulateAndGet(sample.endNanos(), Math::max);
        }
    }

    private DowntimeReport report(List<Sample> samples, long retriedStale, long missedSlots) {
        List<Gap> gaps = GapFinder.find(samples);
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (FailureKind kind : FailureKind.values()) {
            long count = failuresByKind.get(kind).sum();
            if (count > 0) {
                kinds.put(kind.label(), count);
            }
        }
        Map<String, DowntimeReport.ModeTotals> byMode = new LinkedHashMap<>();
        for (ConnectionMode mode : ConnectionMode.values()) {
            long requests = samples.stream().filter(s -> s.mode() == mode).count();
            if (requests > 0) {
                long failed = samples.stream()
                        .filter(s -> s.mode() == mode && !s.outcome().ok())
                        .count();
                byMode.put(mode.label(), new DowntimeReport.ModeTotals(requests, failed));
            }
        }
        long[] latencies = samples.stream()
                .filter(s -> s.outcome().ok())
                .mapToLong(Sample::latencyNanos)
                .toArray();
        long elapsed = samples.stream().mapToLong(Sample::endNanos).max().orElse(0);
        long failed = samples.stream().filter(s -> !s.outcome().ok()).count();
        return new DowntimeReport(
                options.target().toString(),
                options.host(),
                GapFinder.millis(options.duration().toNanos()),
                GapFinder.millis(elapsed),
                options.rate(),
                options.concurrency(),
                options.methods(),
                samples.size(),
                failed,
                kinds,
                byMode,
                retriedStale,
                missedSlots,
                gaps,
                FailureWindowFinder.find(samples, WINDOW_JOIN_NANOS),
                gaps.stream().mapToDouble(Gap::lengthMs).max().orElse(0),
                LatencySummary.of(latencies));
    }
}
