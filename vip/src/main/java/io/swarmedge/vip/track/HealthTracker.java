package io.swarmedge.vip.track;

import io.swarmedge.vip.config.TrackedCheckConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an instance's checks, each on its own virtual thread at its own interval (the first run at
 * once), and says when the combined verdict (priority delta, fault reason) may have changed.
 * A check without a result yet counts as failing.
 */
public final class HealthTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthTracker.class);
    /** Extra wait for first results beyond the longest timeout (a probe may overrun a little). */
    private static final Duration FIRST_RESULT_MARGIN = Duration.ofSeconds(2);

    /** The combined state of every check. */
    public record Verdict(int priorityDelta, Optional<String> faultReason) {}

    private final String instance;
    private final List<CheckStatus> statuses = new ArrayList<>();
    private final List<HealthProbe> probes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch firstResults;
    private volatile boolean closed;

    public HealthTracker(String instance, List<TrackedCheckConfig> checks) {
        this.instance = instance;
        for (TrackedCheckConfig c : checks) {
            statuses.add(new CheckStatus(c));
            probes.add(HealthProbe.of(c.check()));
        }
        this.firstResults = new CountDownLatch(statuses.size());
    }

    /**
     * Starts the checks. {@code changed} runs, on a check's thread, after every change of a
     * check's state, the first results included; read {@link #verdict()} then (the latest one
     * wins, whatever order notifications of different checks arrive in).
     */
    public void start(Runnable changed) {
        for (int i = 0; i < statuses.size(); i++) {
            CheckStatus status = statuses.get(i);
            HealthProbe probe = probes.get(i);
            threads.add(Thread.ofVirtual()
                    .name("check-" + status.config().name())
                    .start(() -> loop(status, probe, changed)));
        }
    }

    /**
     * Waits until every check has its first result, at most the longest check timeout plus a
     * margin, and returns the verdict then: a check still without a result counts as failing.
     */
    public Verdict awaitFirstResults() {
        long longest = statuses.stream()
                .mapToLong(s -> s.config().timeout().toMillis())
                .max()
                .orElse(0);
        try {
            if (!firstResults.await(longest + FIRST_RESULT_MARGIN.toMillis(), TimeUnit.MILLISECONDS)) {
                statuses.stream()
                        .filter(CheckStatus::pending)
                        .forEach(s -> LOG.warn(
                                "event=check_no_first_result instance={} check=\"{}\" waited_ms={} counted_as=failing",
                                instance,
                                s.config().name(),
                                longest + FIRST_RESULT_MARGIN.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return verdict();
    }

    private void loop(CheckStatus status, HealthProbe probe, Runnable changed) {
        boolean first = true;
        while (!closed) {
            ProbeResult result = safeProbe(probe, status.config().timeout());
            if (closed) {
                return;
            }
            boolean wasPending = status.pending();
            boolean stateChanged = status.record(result);
            if (wasPending) {
                LOG.info(
                        "event=check_initial instance={} check=\"{}\" result={} healthy={}",
                        instance,
                        status.config().name(),
                        result,
                        status.healthy());
            } else if (stateChanged) {
                LOG.info(
                        "event=check_changed instance={} check=\"{}\" result={} healthy={} weight={}",
                        instance,
                        status.config().name(),
                        result,
                        status.healthy(),
                        status.config().weight());
            }
            if (stateChanged) {
                changed.run();
            }
            if (first) {
                first = false;
                firstResults.countDown();
            }
            try {
                Thread.sleep(status.config().interval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static ProbeResult safeProbe(HealthProbe probe, Duration timeout) {
        try {
            return probe.probe(timeout);
        } catch (RuntimeException e) {
            return ProbeResult.FAILED; // a check that cannot run is a failing check
        }
    }

    /** The combined verdict now. */
    public Verdict verdict() {
        int delta = 0;
        Optional<String> fault = Optional.empty();
        for (CheckStatus s : statuses) {
            delta += s.priorityDelta();
            if (fault.isEmpty() && s.forcesFault()) {
                fault = Optional.of(
                        "check \"" + s.config().name() + "\" " + (s.pending() ? "has no result yet" : "failed"));
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
