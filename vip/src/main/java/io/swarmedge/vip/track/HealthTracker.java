package io.swarmedge.vip.track;

import io.swarmedge.vip.config.TrackedCheckConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an instance's checks, each on its own virtual thread at its own interval, and reports the
 * combined verdict (priority delta, fault reason) whenever a check's state changes.
 */
public final class HealthTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);

    /** The combined state of every check. */
    public record Verdict(int priorityDelta, Optional<String> faultReason) {}

    private final String instance;
    private final List<CheckStatus> statuses = new ArrayList<>();
    private final List<HealthProbe> probes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    public HealthTracker(String instance, List<TrackedCheckConfig> checks) {
        this.instance = instance;
        for (TrackedCheckConfig c : checks) {
            statuses.add(new CheckStatus(c));
            probes.add(HealthProbe.of(c.check()));
        }
    }

    /** Runs every check once, in parallel, so the instance starts with a known priority. */
    public Verdict runOnce() {
        CountDownLatch done = new CountDownLatch(statuses.size());
        for (int i = 0; i < statuses.size(); i++) {
            CheckStatus status = statuses.get(i);
            HealthProbe probe = probes.get(i);
            Thread.ofVirtual().start(() -> {
                try {
                    boolean ok = safeProbe(probe, status.config().timeout());
                    status.record(ok);
                    LOG.info(
                            "event=check_initial instance={} check=\"{}\" healthy={}",
                            instance,
                            status.config().name(),
                            ok);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            long longest = statuses.stream()
                    .mapToLong(s -> s.config().timeout().toMillis())
                    .max()
                    .orElse(0);
            done.await(longest + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return verdict();
    }

    /** Starts the periodic checks; {@code onChange} receives the new verdict after each state change. */
    public void start(Consumer<Verdict> onChange) {
        for (int i = 0; i < statuses.size(); i++) {
            CheckStatus status = statuses.get(i);
            HealthProbe probe = probes.get(i);
            threads.add(Thread.ofVirtual()
                    .name("check-" + status.config().name())
                    .start(() -> loop(status, probe, onChange)));
        }
    }

    private void loop(CheckStatus status, HealthProbe probe, Consumer<Verdict> onChange) {
        Duration interval = status.config().interval();
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            boolean ok = safeProbe(probe, status.config().timeout());
            if (status.record(ok)) {
                LOG.info(
                        "event=check_changed instance={} check=\"{}\" healthy={} weight={}",
                        instance,
                        status.config().name(),
                        status.healthy(),
                        status.config().weight());
                onChange.accept(verdict());
            }
        }
    }

    private static boolean safeProbe(HealthProbe probe, Duration timeout) {
        try {
            return probe.probe(timeout);
        } catch (RuntimeException e) {
            return false; // a check that cannot run is a failing check
        }
    }

    /** The combined verdict now. */
    public Verdict verdict() {
        int delta = 0;
        Optional<String> fault = Optional.empty();
        for (CheckStatus s : statuses) {
            delta += s.priorityDelta();
            if (fault.isEmpty() && s.forcesFault()) {
                fault = Optional.of("check \"" + s.config().name() + "\" failed");
            }
        }
        return new Verdict(delta, fault);
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }
}
