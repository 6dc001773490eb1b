package io.swarmedge.proxy.tls.ocsp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swarmedge.proxy.tls.ServerCertificate;
import java.lang.ref.WeakReference;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an OCSP answer ready for every served certificate that names a responder. The first
 * request goes out when the certificate is first served; a good answer is asked again halfway to
 * its {@code nextUpdate}; a failure is retried with exponential backoff while the last good answer
 * keeps being stapled until it expires. Everything runs on one background thread: a handshake
 * only reads the current {@link Staple}.
 *
 * <p>A certificate is followed as long as some TLS context staples it: the staples are held by the
 * contexts, and the refresh of one no context holds any more stops by itself.
 *
 * <p>Log lines: {@code ocsp-staple-updated}, {@code ocsp-certificate-revoked}, {@code
 * ocsp-fetch-failed}, {@code ocsp-staple-expired}. Metrics: {@code swarmedge_tls_ocsp_fetches_total}
 * by {@code result} (good, revoked, failed) and {@code swarmedge_tls_ocsp_staples} (certificates
 * with a valid answer).
 */
public final class OcspStapling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OcspStapling.class);

    /**
     * Timing.
     *
     * @param timeout for one request to a responder
     * @param minRefresh shortest time between two requests after a good answer
     * @param initialBackoff wait after a first failure, doubled each further failure
     * @param maxBackoff longest wait between failed attempts
     */
    public record Settings(Duration timeout, Duration minRefresh, Duration initialBackoff, Duration maxBackoff) {
        public static final Settings DEFAULT = new Settings(
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(10));

        /** The wait after {@code failures} failures in a row (at least one). */
        public Duration backoff(int failures) {
            Duration wait = initialBackoff;
            for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }

        /** When to ask again after a good answer: halfway to its expiry, not sooner than {@code minRefresh}. */
        public Instant refreshAt(OcspAnswer answer, Instant now) {
            Instant halfway = answer.halfway();
            Instant earliest = now.plus(minRefresh);
            return halfway.isBefore(earliest) ? earliest : halfway;
        }
    }

    private final OcspFetcher fetcher;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final Map<X509Certificate, WeakReference<Staple>> staples = new ConcurrentHashMap<>();
    private final Counter good;
    private final Counter revoked;
    private final Counter failed;
    private volatile boolean closed;

    /**
     * Stapling that asks responders over HTTP.
     *
     * @param registry where its metrics go
     */
    public static OcspStapling start(MeterRegistry registry) {
        return new OcspStapling(
                new HttpOcspFetcher(Settings.DEFAULT.timeout()), Clock.systemUTC(), Settings.DEFAULT, registry);
    }

    public OcspStapling(OcspFetcher fetcher, Clock clock, Settings settings, MeterRegistry registry) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.settings = settings;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("swarmedge-ocsp").factory());
        this.good = fetches(registry, "good");
        this.revoked = fetches(registry, "revoked");
        this.failed = fetches(registry, "failed");
        Gauge.builder("swarmedge.tls.ocsp.staples", this, OcspStapling::validStaples)
                .description("Certificates with a valid OCSP answer to staple")
                .register(registry);
    }

    private static Counter fetches(MeterRegistry registry, String result) {
        return Counter.builder("swarmedge.tls.ocsp.fetches")
                .description("OCSP responder requests by result")
                .tag("result", result)
                .register(registry);
    }

    /**
     * The staple of a certificate, asked for in the background from now on (at once the first time).
     *
     * @return empty when the certificate names no responder
     * @throws OcspException when it names one but cannot be stapled (no issuer in the chain)
     */
    public Optional<Staple> stapleFor(ServerCertificate certificate) throws OcspException {
        Optional<OcspTarget> target = OcspTarget.of(certificate);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        synchronized (staples) {
            WeakReference<Staple> existing = staples.get(certificate.leaf());
            Staple staple = existing == null ? null : existing.get();
            if (staple != null) {
                return Optional.of(staple);
            }
            Staple created = new Staple(target.get());
            WeakReference<Staple> reference = new WeakReference<>(created);
            staples.put(certificate.leaf(), reference);
            schedule(certificate.leaf(), reference, 0, Duration.ZERO);
            return Optional.of(created);
        }
    }

    private void schedule(X509Certificate leaf, WeakReference<Staple> reference, int failures, Duration delay) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(() -> refresh(leaf, reference, failures), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** One request; reschedules itself. Holds the staple only while it runs. */
    private void refresh(X509Certificate leaf, WeakReference<Staple> reference, int failures) {
        Staple staple = reference.get();
        if (staple == null || closed) {
            staples.remove(leaf, reference);
            return;
        }
        OcspTarget target = staple.target();
        try {
            OcspAnswer answer = OcspResponses.validate(fetcher.fetch(target), target, clock.instant());
            if (answer.status() == OcspStatus.UNKNOWN) {
                throw new OcspException("the responder does not know the certificate (status unknown)");
            }
            staple.update(answer);
            Instant now = clock.instant();
            Instant next = settings.refreshAt(answer, now);
            if (answer.status() == OcspStatus.REVOKED) {
                revoked.increment();
                LOG.error(
                        "ocsp-certificate-revoked serial={} subject=\"{}\" responder={} stapled=revoked next_update={}",
                        target.serial(),
                        target.leaf().getSubjectX500Principal().getName(),
                        target.responder(),
                        answer.nextUpdate());
            } else {
                good.increment();
                LOG.info(
                        "ocsp-staple-updated serial={} responder={} status=good next_update={} refresh_at={}",
                        target.serial(),
                        target.responder(),
                        answer.nextUpdate(),
                        next);
            }
            schedule(leaf, reference, 0, Duration.between(now, next));
        } catch (OcspException | RuntimeException e) {
            failed.increment();
            int attempt = failures + 1;
            Duration wait = settings.backoff(attempt);
            Instant now = clock.instant();
            Optional<OcspAnswer> last = staple.answer();
            String serving;
            if (last.isPresent() && last.get().validAt(now)) {
                serving = "last-good-until-" + last.get().nextUpdate();
            } else {
                if (last.isPresent()) {
                    staple.clear();
                    LOG.warn(
                            "ocsp-staple-expired serial={} responder={} expired_at={}",
                            target.serial(),
                            target.responder(),
                            last.get().nextUpdate());
                }
                serving = "none";
            }
            LOG.warn(
                    "ocsp-fetch-failed serial={} responder={} failures={} retry_in_ms={} serving={} error=\"{}\"",
                    target.serial(),
                    target.responder(),
                    attempt,
                    wait.toMillis(),
                    serving,
                    e.getMessage());
            schedule(leaf, reference, attempt, wait);
        }
    }

    private double validStaples() {
        long now = clock.millis();
        return staples.values().stream()
                .map(WeakReference::get)
                .filter(s -> s != null && s.response(now) != null)
                .count();
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }
}
