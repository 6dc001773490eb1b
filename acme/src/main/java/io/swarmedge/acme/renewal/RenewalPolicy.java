package io.swarmedge.acme.renewal;

import io.swarmedge.acme.CertificateBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to renew and how long to wait after a failure. Pure functions of their inputs (the random
 * draws are given), so the schedule is tested without a CA or a clock.
 *
 * @param initialBackoff the wait after the first failed order
 * @param maxBackoff the longest wait between failed orders
 */
public record RenewalPolicy(Duration initialBackoff, Duration maxBackoff) {
    /** Five minutes doubling to six hours: at most four failed orders in the first hour and a quarter. */
    public static final RenewalPolicy DEFAULT = new RenewalPolicy(Duration.ofMinutes(5), Duration.ofHours(6));

    /**
     * The moment renewal starts: in the last third of the lifetime (the shorter of the certificate's
     * and {@code certificatesDuration}), moved later by up to a ninth of it so that replicas and
     * certificates issued together do not all renew at once.
     *
     * @param jitter a draw in [0, 1), fixed per certificate
     */
    public static Instant renewAt(CertificateBundle bundle, Duration certificatesDuration, double jitter) {
        Duration lifetime = bundle.lifetime();
        if (certificatesDuration.compareTo(lifetime) < 0) {
            lifetime = certificatesDuration;
        }
        long millis = lifetime.toMillis();
        return bundle.notBefore().plusMillis(millis * 2 / 3 + (long) (millis / 9.0 * jitter));
    }

    /**
     * The wait after the {@code failures}-th failed order in a row: doubling from {@code
     * initialBackoff}, capped at {@code maxBackoff}, plus up to a quarter more at random.
     */
    public Duration backoff(int failures, RandomGenerator random) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        return wait.plusMillis((long) (wait.toMillis() * 0.25 * random.nextDouble()));
    }
}
