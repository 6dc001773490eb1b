package io.swarmedge.acme.renewal;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.Demand;
import io.swarmedge.acme.challenge.ChallengePublisher;
import io.swarmedge.acme.order.AcmeClient;
import io.swarmedge.acme.order.AcmeOrderException;
import io.swarmedge.acme.order.ResolverSettings;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.HeldLock;
import io.swarmedge.acme.store.StoreException;
import io.swarmedge.acme.store.StoreKey;
import io.swarmedge.acme.store.StoreLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every demanded certificate present and fresh, shared with the other replicas through a
 * {@link CertificateStore}.
 *
 * <p>The proxy tells it what is {@linkplain #demand(Set) demanded} (resolver + names, from routers
 * with {@code tls.certresolver}); it {@linkplain CertificateListener publishes} the certificates to
 * serve. For each demand, on every check:
 *
 * <ol>
 *   <li>read the store: a certificate another replica ordered is adopted as it is;
 *   <li>if there is none, or it is in the last third of its life (jittered), and no back-off is
 *       running: take the order lock, read the store again, then order, store and publish;
 *   <li>when the order fails: back off exponentially (or as the CA's Retry-After says) and keep
 *       serving what we have, even past its expiry, saying so in the log and {@link #status()}.
 * </ol>
 *
 * <p>A store entry that cannot be used (corrupt, foreign names, a key that does not match) is reported
 * and kept as {@code <entry>.corrupt-<time>} before a new certificate replaces it: nothing is lost.
 * All blocking work runs on virtual threads.
 */
public final class CertificateKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateKeeper.class);
    /** How often answers left behind by dead replicas are looked for. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);
    /** Answers older than this are left behind: the CA gives up on a challenge long before. */
    static final Duration CHALLENGE_MAX_AGE = Duration.ofHours(1);
    /** Orders run at the same time by one replica. */
    static final int MAX_CONCURRENT_ORDERS = 4;

    private final CertificateStore store;
    private final Map<String, AcmeClient> clients;
    private final KeeperSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final CertificateListener listener;
    private final Map<Demand, Slot> slots = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore orderPermits = new Semaphore(MAX_CONCURRENT_ORDERS);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong ordersPlaced = new AtomicLong();
    private final AtomicLong ordersFailed = new AtomicLong();
    private volatile Set<Demand> demanded = Set.of();
    private volatile CertificateSet published = CertificateSet.EMPTY;
    private volatile Instant nextSweep = Instant.MIN;
    private final ChallengePublisher challenges;
    private Thread loop;

    /**
     * @param clients one ACME client per resolver name
     * @param clock decides renewal and back-off (waits between checks are real time)
     * @param random jitter of renewal and back-off
     */
    public CertificateKeeper(
            CertificateStore store,
            Map<String, AcmeClient> clients,
            KeeperSettings settings,
            Clock clock,
            RandomGenerator random,
            CertificateListener listener) {
        this.store = store;
        this.clients = Map.copyOf(clients);
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.listener = listener;
        this.challenges = new ChallengePublisher(store, clock);
    }

    /** Starts checking (on a virtual thread). */
    public synchronized CertificateKeeper start() {
        if (loop == null) {
            loop = Thread.ofVirtual().name("acme-keeper").start(this::run);
        }
        return this;
    }

    /**
     * Replaces the set of demanded certificates. New demands are looked at at once; certificates no
     * longer demanded stop being served (their store entries stay for the other replicas).
     *
     * <p>Demands naming a resolver that does not exist are reported in {@link #status()} and ignored.
     */
    public void demand(Set<Demand> demands) {
        demanded = Set.copyOf(demands);
        for (Demand d : demands) {
            if (!clients.containsKey(d.resolver())) {
                Slot slot = slots.computeIfAbsent(d, Slot::new);
                if (slot.lastError.isEmpty()) {
                    slot.fail(
                            "unknown certificate resolver \"" + d.resolver() + "\" (known: "
                                    + new java.util.TreeSet<>(clients.keySet()) + ")",
                            false,
                            Instant.MAX);
                    LOG.error("event=acme-unknown-resolver demand={}", d);
                }
            }
        }
        slots.keySet().removeIf(d -> !demanded.contains(d));
        publish();
        checkNow();
    }

    /** Asks for a check now rather than at the next interval. */
    public void checkNow() {
        wake.release();
    }

    /**
     * Orders a new certificate for a demand now, optionally revoking the one served (key compromise,
     * a wrong certificate). The old certificate keeps being served until the new one is there.
     */
    public void replace(Demand demand, boolean revokeCurrent) {
        Slot slot = slots.computeIfAbsent(demand, Slot::new);
        slot.replaceRequested = true;
        slot.revokeRequested = revokeCurrent;
        slot.nextCheck = Instant.MIN;
        slot.backoffUntil = Instant.MIN;
        checkNow();
    }

    /** The certificates being served now. */
    public CertificateSet certificates() {
        return published;
    }

    /** One status per demand, sorted by resolver and name. */
    public List<CertificateStatus> status() {
        Instant now = clock.instant();
        List<CertificateStatus> all = new ArrayList<>();
        for (Demand d : demanded) {
            Slot slot = slots.get(d);
            all.add(slot == null ? new Slot(d).status(now) : slot.status(now));
        }
        all.sort(Comparator.comparing((CertificateStatus s) -> s.demand().resolver())
                .thenComparing(s -> s.demand().domains().main()));
        return all;
    }

    /** Orders this replica placed successfully (a metric; one per certificate across replicas). */
    public long ordersPlaced() {
        return ordersPlaced.get();
    }

    /** Orders that failed. */
    public long ordersFailed() {
        return ordersFailed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            wake.release();
            workers.shutdownNow();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
                Thread l = loop;
                if (l != null) {
                    l.join(Duration.ofSeconds(10));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closed.get()) {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.error("event=acme-check-failed error=\"{}\"", e.toString(), e);
            }
            try {
                wake.tryAcquire(untilNextCheck().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Until the earliest due check, between 20 ms and the check interval. */
    private Duration untilNextCheck() {
        Instant now = clock.instant();
        Duration wait = settings.checkInterval();
        for (Slot slot : slots.values()) {
            if (!slot.running.get() && demanded.contains(slot.demand) && slot.nextCheck.isBefore(now.plus(wait))) {
                wait = slot.nextCheck.isBefore(now) ? Duration.ZERO : Duration.between(now, slot.nextCheck);
            }
        }
        return wait.compareTo(Duration.ofMillis(20)) < 0 ? Duration.ofMillis(20) : wait;
    }

    private void tick() {
        Instant now = clock.instant();
        if (!now.isBefore(nextSweep) && !clients.isEmpty()) {
            nextSweep = now.plus(SWEEP_INTERVAL);
            try {
                workers.execute(() -> {
                    try {
                        challenges.sweep(CHALLENGE_MAX_AGE);
                    } catch (RuntimeException e) {
                        LOG.warn("event=challenge-sweep-failed error=\"{}\"", e.getMessage());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
        for (Demand d : demanded) {
            if (!clients.containsKey(d.resolver())) {
                continue;
            }
            Slot slot = slots.computeIfAbsent(d, Slot::new);
            if (now.isBefore(slot.nextCheck) || !slot.running.compareAndSet(false, true)) {
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        check(slot);
                    } catch (RuntimeException e) {
                        LOG.error("event=acme-check-failed demand={} error=\"{}\"", d, e.toString(), e);
                    } finally {
                        slot.running.set(false);
                        wake.release(); // the loop recomputes when the next check is due
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    /** One look at one demand (on a worker thread). */
    private void check(Slot slot) {
        Demand d = slot.demand;
        AcmeClient client = clients.get(d.resolver());
        ResolverSettings resolver = client.settings();
        StoreKey key = StoreLayout.certificate(d.resolver(), d.domains());
        Instant now = clock.instant();
        // jittered so that replicas started together do not check (and race for locks) in step
        slot.nextCheck = now.plus(settings.checkInterval())
                .plusMillis((long) (settings.checkInterval().toMillis() * 0.2 * random.nextDouble()));
        readStore(slot, key);
        if (!slot.needsOrder(now, resolver)) {
            slot.orderedElsewhere = false;
            return;
        }
        if (now.isBefore(slot.backoffUntil)) {
            reportServingOld(slot, now);
            return;
        }
        // a first start with hundreds of names must not fire hundreds of orders at the CA at once
        try {
            orderPermits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            lockAndOrder(slot, client, resolver, key, now);
        } finally {
            orderPermits.release();
        }
    }

    private void lockAndOrder(Slot slot, AcmeClient client, ResolverSettings resolver, StoreKey key, Instant now) {
        Demand d = slot.demand;
        Optional<HeldLock> lock;
        try {
            lock = HeldLock.tryAcquire(
                    store, StoreLayout.orderLock(d.resolver(), d.domains()), settings.owner(), settings.lockLease());
        } catch (StoreException e) {
            slot.fail("cannot take the order lock: " + e.getMessage(), false, now.plus(settings.checkInterval()));
            return;
        }
        if (lock.isEmpty()) {
            // another replica is ordering: its certificate will appear in the store
            slot.orderedElsewhere = true;
            slot.nextCheck = now.plus(min(settings.checkInterval(), Duration.ofSeconds(2)));
            LOG.info("event=acme-order-elsewhere demand={}", d);
            return;
        }
        slot.orderedElsewhere = false;
        try (HeldLock held = lock.get()) {
            readStore(slot, key);
            if (!slot.needsOrder(clock.instant(), resolver)) {
                return;
            }
            order(slot, client, key, held);
        }
    }

    private void order(Slot slot, AcmeClient client, StoreKey key, HeldLock held) {
        Demand d = slot.demand;
        Instant started = clock.instant();
        try {
            if (slot.revokeRequested && slot.current != null) {
                client.revoke(slot.current.leaf());
                LOG.info(
                        "event=acme-revoked demand={} serial={}",
                        d,
                        slot.current.leaf().getSerialNumber().toString(16));
                slot.revokeRequested = false;
            }
            LOG.info(
                    "event=acme-order-start demand={} reason={}",
                    d,
                    slot.current == null ? "missing" : slot.replaceRequested ? "replace" : "renewal");
            CertificateBundle bundle = client.order(d.domains());
            if (held.lost()) {
                LOG.warn("event=acme-lock-lost-during-order demand={} action=store-anyway", d);
            }
            keepCorruptEntry(slot, key);
            store.store(key, bundle.toJson());
            ordersPlaced.incrementAndGet();
            slot.adopt(bundle, random.nextDouble());
            slot.failures = 0;
            slot.lastError = "";
            slot.caUnreachable = false;
            slot.replaceRequested = false;
            slot.backoffUntil = Instant.MIN;
            LOG.info(
                    "event=acme-order-done demand={} notAfter={} tookMs={}",
                    d,
                    bundle.notAfter(),
                    Duration.between(started, clock.instant()).toMillis());
            publish();
        } catch (AcmeOrderException e) {
            ordersFailed.incrementAndGet();
            Instant now = clock.instant();
            Instant retry = now.plus(settings.policy().backoff(slot.failures + 1, random));
            if (e.retryAfter().isPresent() && e.retryAfter().get().isAfter(retry)) {
                retry = e.retryAfter().get();
            }
            slot.fail(e.getMessage(), e.unreachable(), retry);
            LOG.warn(
                    "event=acme-order-failed demand={} failures={} retryAt={} caUnreachable={} error=\"{}\"",
                    d,
                    slot.failures,
                    retry,
                    e.unreachable(),
                    e.getMessage());
            reportServingOld(slot, now);
        } catch (StoreException e) {
            slot.fail(
                    "cannot store the certificate: " + e.getMessage(),
                    false,
                    clock.instant().plus(settings.checkInterval()));
            LOG.error("event=acme-store-failed demand={} error=\"{}\"", d, e.getMessage());
        }
    }

    /** Reads the store entry; adopts a usable certificate that differs from ours; reports a bad one. */
    private void readStore(Slot slot, StoreKey key) {
        Optional<byte[]> raw;
        try {
            raw = store.load(key);
        } catch (StoreException e) {
            slot.storeProblem(e.getMessage(), null);
            return;
        }
        if (raw.isEmpty()) {
            slot.corrupt = null;
            return;
        }
        try {
            CertificateBundle bundle = CertificateBundle.fromJson(raw.get());
            if (!bundle.domains().sameNames(slot.demand.domains())) {
                throw new IllegalArgumentException("it is for " + bundle.domains() + ", not " + slot.demand.domains());
            }
            slot.corrupt = null;
            if (slot.failures == 0) {
                slot.lastError = ""; // a store problem seen earlier is gone
            }
            if (slot.current == null || !slot.current.leaf().equals(bundle.leaf())) {
                slot.adopt(bundle, random.nextDouble());
                LOG.info(
                        "event=acme-certificate-loaded demand={} notAfter={} store={}",
                        slot.demand,
                        bundle.notAfter(),
                        store.describe());
                publish();
            }
        } catch (IllegalArgumentException e) {
            slot.storeProblem(
                    store.describe() + " entry " + key + ": unusable certificate: " + e.getMessage(), raw.get());
        }
    }

    /** Keeps an unusable entry's bytes beside it before a new certificate replaces it. */
    private void keepCorruptEntry(Slot slot, StoreKey key) {
        byte[] bad = slot.corrupt;
        if (bad == null) {
            return;
        }
        StoreKey aside = key.withSuffix(".corrupt-" + clock.instant().getEpochSecond());
        store.store(aside, bad);
        LOG.warn("event=acme-store-entry-kept entry={} keptAs={}", key, aside);
        slot.corrupt = null;
    }

    private void reportServingOld(Slot slot, Instant now) {
        if (slot.current != null && !now.isBefore(slot.current.notAfter())) {
            LOG.warn(
                    "event=acme-serving-expired demand={} notAfter={} failures={} error=\"{}\"",
                    slot.demand,
                    slot.current.notAfter(),
                    slot.failures,
                    slot.lastError);
        }
    }

    private synchronized void publish() {
        List<ServedCertificate> served = new ArrayList<>();
        for (Demand d : demanded) {
            Slot slot = slots.get(d);
            if (slot != null && slot.current != null) {
                served.add(new ServedCertificate(d, slot.current));
            }
        }
        served.sort(Comparator.comparing((ServedCertificate s) -> s.demand().resolver())
                .thenComparing(s -> s.demand().domains().main()));
        CertificateSet next = new CertificateSet(served);
        if (!sameCertificates(next, published)) {
            published = next;
            try {
                listener.certificatesChanged(next);
            } catch (RuntimeException e) {
                LOG.error("event=acme-listener-failed error=\"{}\"", e.toString(), e);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static boolean sameCertificates(CertificateSet a, CertificateSet b) {
        if (a.certificates().size() != b.certificates().size()) {
            return false;
        }
        for (int i = 0; i < a.certificates().size(); i++) {
            ServedCertificate x = a.certificates().get(i);
            ServedCertificate y = b.certificates().get(i);
            if (!x.demand().equals(y.demand())
                    || !x.bundle().leaf().equals(y.bundle().leaf())) {
                return false;
            }
        }
        return true;
    }

    /** What is known about one demand. Written by one worker at a time; read by status(). */
    private final class Slot {
        final Demand demand;
        final AtomicBoolean running = new AtomicBoolean();
        volatile CertificateBundle current;
        volatile double jitter;
        volatile Instant nextCheck = Instant.MIN;
        volatile Instant backoffUntil = Instant.MIN;
        volatile int failures;
        volatile boolean caUnreachable;
        volatile boolean orderedElsewhere;
        volatile boolean replaceRequested;
        volatile boolean revokeRequested;
        volatile String lastError = "";
        volatile byte[] corrupt;

        Slot(Demand demand) {
            this.demand = demand;
        }

        void adopt(CertificateBundle bundle, double draw) {
            current = bundle;
            jitter = draw;
        }

        Instant renewAt(ResolverSettings resolver) {
            return RenewalPolicy.renewAt(current, resolver.certificatesDuration(), jitter);
        }

        boolean needsOrder(Instant now, ResolverSettings resolver) {
            return current == null || replaceRequested || !now.isBefore(renewAt(resolver));
        }

        void fail(String error, boolean unreachable, Instant retryAt) {
            failures++;
            lastError = error;
            caUnreachable = unreachable;
            backoffUntil = retryAt;
            if (nextCheck.isBefore(retryAt) && !retryAt.equals(Instant.MAX)) {
                nextCheck = retryAt;
            }
        }

        void storeProblem(String error, byte[] raw) {
            lastError = error;
            if (raw != null && (corrupt == null || !Arrays.equals(corrupt, raw))) {
                LOG.error(
                        "event=acme-store-entry-unusable demand={} error=\"{}\" action=keep-and-reorder",
                        demand,
                        error);
            } else if (raw == null) {
                LOG.error("event=acme-store-entry-unreadable demand={} error=\"{}\"", demand, error);
            }
            if (raw != null) {
                corrupt = raw;
            }
        }

        CertificateStatus status(Instant now) {
            CertificateBundle c = current;
            CertificateStatus.State state;
            Instant renew = Instant.MIN;
            if (c == null) {
                state = CertificateStatus.State.MISSING;
            } else {
                AcmeClient client = clients.get(demand.resolver());
                renew = client == null ? c.notAfter() : renewAt(client.settings());
                state = !now.isBefore(c.notAfter())
                        ? CertificateStatus.State.EXPIRED
                        : !now.isBefore(renew) ? CertificateStatus.State.RENEWAL_DUE : CertificateStatus.State.VALID;
            }
            return new CertificateStatus(
                    demand,
                    state,
                    failures,
                    caUnreachable,
                    lastError,
                    orderedElsewhere,
                    new CertificateStatus.Times(
                            c == null ? Instant.MIN : c.notAfter(),
                            renew,
                            backoffUntil.equals(Instant.MAX) ? Instant.MIN : backoffUntil));
        }
    }
}
