package io.swarmedge.acme.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store lock held while work runs: a virtual thread renews the lease every third of its duration, so
 * a slow order keeps the lock, and a dead replica's lock expires. {@link #close()} releases it.
 */
public final class HeldLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldLock.class);

    private final CertificateStore store;
    private final Duration duration;
    private final Thread renewer;
    private volatile Lease lease;
    private volatile boolean lost;
    private volatile boolean closed;

    private HeldLock(CertificateStore store, Lease lease, Duration duration) {
        this.store = store;
        this.lease = lease;
        this.duration = duration;
        this.renewer = Thread.ofVirtual().name("acme-lock-" + lease.name()).start(this::renewLoop);
    }

    /** Takes the lock, or returns empty when another owner holds it. */
    public static Optional<HeldLock> tryAcquire(CertificateStore store, String name, String owner, Duration lease) {
        return store.tryLock(name, owner, lease).map(l -> new HeldLock(store, l, lease));
    }

    /** Whether the lease was lost (renewal failed): the work should stop writing. */
    public boolean lost() {
        return lost;
    }

    public Lease lease() {
        return lease;
    }

    private void renewLoop() {
        long pauseNanos = Math.max(duration.toNanos() / 3, 1_000_000);
        while (!closed) {
            LockSupport.parkNanos(pauseNanos);
            if (closed) {
                return;
            }
            try {
                Optional<Lease> renewed = store.renew(lease, duration);
                if (renewed.isEmpty()) {
                    lost = true;
                    LOG.warn("event=lock-lost lock={} owner={}", lease.name(), lease.owner());
                    return;
                }
                lease = renewed.get();
            } catch (RuntimeException e) {
                // keep trying: the lease is still ours until it expires
                LOG.warn("event=lock-renew-failed lock={} error=\"{}\"", lease.name(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(renewer);
        try {
            renewer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lost) {
            try {
                store.unlock(lease);
            } catch (RuntimeException e) {
                LOG.warn("event=unlock-failed lock={} error=\"{}\"", lease.name(), e.getMessage());
            }
        }
    }
}
