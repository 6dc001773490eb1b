package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.ConfigError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects every provider's latest snapshot, merges them ({@link ConfigMerger}) and publishes the
 * result to a listener (the proxy compiles and swaps it).
 *
 * <p>Bursts are throttled like Traefik's {@code providersThrottleDuration}, without delaying the
 * first configuration of each provider or an isolated edit: a change is applied at once when nothing
 * was applied within the throttle window (or when a provider publishes for the first time),
 * otherwise it waits for the window's end and is coalesced with whatever else arrives meanwhile. A merge whose configuration equals the last published one is not
 * published.
 */
public final class ConfigWatcher implements Provider.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** Receives each new merged configuration. */
    @FunctionalInterface
    public interface Listener {
        /** Called from the watcher's thread, one call at a time, in order. */
        void onConfig(Merged merged);
    }

    private final List<Provider> providers;
    private final ConfigMerger merger;
    private final Duration throttle;
    private final Clock clock;
    private final Listener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, ProviderSnapshot> latest = new LinkedHashMap<>();
    private boolean pending;
    /** A provider published for the first time: apply without waiting for the throttle window. */
    private boolean firstFromAProvider;

    private Instant lastApplied;
    private volatile Merged current = Merged.EMPTY;
    private volatile boolean published;
    private final CountDownLatch firstPublished = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread publisher;

    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;

    /**
     * @param providers the providers to start and merge
     * @param merger how snapshots are merged and checked
     * @param throttle {@code providers.providersThrottleDuration}
     * @param clock time source of the throttle
     * @param listener receives merged configurations
     */
    public ConfigWatcher(
            List<Provider> providers, ConfigMerger merger, Duration throttle, Clock clock, Listener listener) {
        this.providers = List.copyOf(providers);
        this.merger = Objects.requireNonNull(merger);
        this.throttle = throttle.isNegative() ? Duration.ZERO : throttle;
        this.clock = clock;
        this.listener = Objects.requireNonNull(listener);
    }

    /** Starts the publishing thread, then every provider. */
    public void start() {
        publisher = Thread.ofVirtual().name("config-watcher").start(this::publishLoop);
        for (Provider provider : providers) {
            provider.start(this);
        }
    }

    /** Stops the providers and the publishing thread. */
    @Override
    public void close() {
        closed = true;
        for (Provider provider : providers) {
            try {
                provider.stop();
            } catch (RuntimeException e) {
                LOG.warn("config event=provider-stop-failed provider={} error=\"{}\"", provider.name(), e.toString());
            }
        }
        Thread t = publisher;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stores a provider's snapshot; the publishing thread merges it. */
    @Override
    public void onSnapshot(ProviderSnapshot snapshot) {
        lock.lock();
        try {
            if (latest.put(snapshot.provider(), snapshot) == null) {
                firstFromAProvider = true;
            }
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The last published configuration, if any was. */
    public Optional<Merged> current() {
        return published ? Optional.of(current) : Optional.empty();
    }
    /**
     * Waits until a first configuration has been handed to the listener (for startup: serve as soon
     * as it is there).
     *
     * @return the configuration, or empty if none came within the timeout
     */
    public Optional<Merged> awaitFirst(Duration timeout) throws InterruptedException {
        return firstPublished.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? current() : Optional.empty();
    }

    /** The errors of the last merge (provider errors and reference errors). */
    public List<ConfigError> errors() {
        return current.errors();
    }

    /** Health of each provider, by name. */
    public Map<String, ProviderStatus> providerStatus() {
        Map<String, ProviderStatus> out = new LinkedHashMap<>();
        providers.forEach(p -> out.put(p.name(), p.status()));
        return out;
    }

    /** Configurations published (Traefik's {@code traefik_config_reloads_total}). */
    public long reloads() {
        return reloads.get();
    }

    /**
     * Merges that brought new errors (something left out that was not before), plus listener
     * failures. A persisting error is counted once, not on every later merge.
     */
    public long failures() {
        return failures.get();
    }

    /** When a configuration was last published. */
    public Optional<Instant> lastReloadSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** When a merge last brought new errors. */
    public Optional<Instant> lastReloadFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void publishLoop() {
        while (!closed) {
            try {
                Optional<Duration> wait = publishIfDue();
                lock.lock();
                try {
                    if (!pending) {
                        changed.await();
                    } else if (wait.isPresent()) {
                        changed.await(Math.max(1, wait.get().toMillis()), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("config event=publish-failed error=\"{}\"", e.toString(), e);
            }
        }
    }

    /**
     * Merges and publishes if a change is pending and the throttle allows it now.
     *
     * @return how long to wait when a change is pending but throttled; empty otherwise
     */
    Optional<Duration> publishIfDue() {
        Map<String, ProviderSnapshot> snapshots;
        lock.lock();
        try {
            if (!pending) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (lastApplied != null && throttle.isPositive() && !firstFromAProvider) {
                Duration since = Duration.between(lastApplied, now);
                if (since.compareTo(throttle) < 0) {
                    return Optional.of(throttle.minus(since));
                }
            }
            pending = false;
            firstFromAProvider = false;
            snapshots = new LinkedHashMap<>(latest);
        } finally {
            lock.unlock();
        }
        Merged merged = merger.merge(snapshots.values());
        Merged previous = current;
        boolean introduced = false;
        for (ConfigError error : merged.errors()) {
            if (!previous.errors().contains(error)) {
                introduced = true;
                LOG.warn("config event=error error=\"{}\"", error);
            }
        }
        if (introduced) {
            failures.incrementAndGet();
            lastFailure = clock.instant();
        }
        // A provider's first snapshot is published even when it changes no route: it makes the proxy ready.
        if (published
                && merged.config().equals(previous.config())
                && merged.providers().equals(previous.providers())) {
            current = merged; // same routing, but keep the errors current
            return Optional.empty();
        }
        current = merged;
        published = true;
        lock.lock();
        try {
            lastApplied = clock.instant();
        } finally {
            lock.unlock();
        }
        try {
            listener.onConfig(merged);
            reloads.incrementAndGet();
            lastSuccess = clock.instant();
            LOG.info(
                    "config event=reload routers={} services={} middlewares={} errors={}",
                    merged.config().http().routers().size(),
                    merged.config().http().services().size(),
                    merged.config().http().middlewares().size(),
                    merged.errors().size());
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastFailure = clock.instant();
            LOG.error("config event=reload-failed error=\"{}\"", e.toString(), e);
        } finally {
            firstPublished.countDown(); // after the listener: "published" means the proxy has it
        }
        return Optional.empty();
    }
}
