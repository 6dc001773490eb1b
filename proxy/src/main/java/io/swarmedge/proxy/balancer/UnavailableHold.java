package io.swarmedge.proxy.balancer;

import io.netty.channel.EventLoop;
import io.swarmedge.proxy.upstream.Upstream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests parked while the service they were routed to exists but has no server they can use: the
 * single task of a service is being moved to another node, or every server fails its health check.
 * Instead of a 503 at once, such a request waits (no thread blocked, one timer on its own event loop)
 * until a new runtime or a health check gives the service a server, then picks again; after the hold
 * ({@code serversTransport.unavailableHold}) it gets its 503.
 *
 * <p>One instance lives as long as the proxy and outlives runtimes: a request parked on the runtime it
 * started on is resumed with the service's balancer of the runtime that has a server. At most {@code
 * maxPerService} requests wait per service; the next one is answered at once.
 */
public final class UnavailableHold {
    private static final Logger LOG = LoggerFactory.getLogger(UnavailableHold.class);

    /** Parked requests per service beyond which a request gets its 503 at once. */
    public static final int DEFAULT_MAX_PER_SERVICE = 1000;

    /** What a parked request is told; called on the request's event loop, at most once per parking. */
    public interface Waiter {
        /** The service has a server this request may use: pick again from {@code balancer}. */
        void serverAvailable(ServiceBalancer balancer);

        /** The hold ended without a server; {@code reason} says why, for the 503's body. */
        void holdEnded(String reason);
    }

    /** What the hold reports (metrics): called from any thread. */
    public interface Observer {
        /** Requests started waiting for {@code service}; {@code parked} counts them at any time. */
        void waiting(String service, IntSupplier parked);

        /** A request's hold for {@code service} ended without a server. */
        void expired(String service);

        /** Reports nothing. */
        Observer NONE = of((service, parked) -> {}, service -> {});

        static Observer of(BiConsumer<String, IntSupplier> waiting, Consumer<String> expired) {
            return new Observer() {
                @Override
                public void waiting(String service, IntSupplier parked) {
                    waiting.accept(service, parked);
                }

                @Override
                public void expired(String service) {
                    expired.accept(service);
                }
            };
        }
    }

    private final long holdNanos;
    private final int maxPerService;
    private final Observer observer;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    /** The services of the live runtime; null until the first {@link #runtimeApplied}. */
    private volatile Map<String, ServiceBalancer> live;

    /**
     * @param hold how long a request waits at most; zero turns the hold off
     * @param maxPerService how many requests may wait per service
     */
    public UnavailableHold(Duration hold, int maxPerService) {
        this(hold, maxPerService, Observer.NONE);
    }

    /** As above, reporting to {@code observer}. */
    public UnavailableHold(Duration hold, int maxPerService, Observer observer) {
        if (hold.isNegative() || maxPerService < 0) {
            throw new IllegalArgumentException("hold and maxPerService must not be negative");
        }
        this.holdNanos = hold.toNanos();
        this.maxPerService = maxPerService;
        this.observer = observer;
    }

    /** A hold that parks nothing (Traefik's behaviour: 503 at once). */
    public static UnavailableHold disabled() {
        return new UnavailableHold(Duration.ZERO, 0);
    }

    /** Whether requests may be parked at all. */
    public boolean enabled() {
        return holdNanos > 0 && maxPerService > 0;
    }

    /** The longest wait. */
    public Duration hold() {
        return Duration.ofNanos(holdNanos);
    }

    /**
     * Parks a request routed to {@code service} that found no server (none up, or only {@code tried}
     * ones). Its hold ends {@code hold} after {@code sinceNanos} ({@link System#nanoTime}), the moment it
     * was first parked, so parking again after a failed attempt does not extend it.
     *
     * @return the parking, to cancel when the client goes away; empty when the hold is off, over, or
     *     the service already has {@code maxPerService} parked requests (answer 503 now)
     */
    public Optional<Parked> park(String service, List<Upstream> tried, EventLoop loop, long sinceNanos, Waiter waiter) {
        if (!enabled()) {
            return Optional.empty();
        }
        long left = sinceNanos + holdNanos - System.nanoTime();
        if (left <= 0) {
            return Optional.empty();
        }
        Queue queue = queues.get(service);
        if (queue == null) {
            Queue created = new Queue();
            queue = queues.computeIfAbsent(service, s -> created);
            if (queue == created) {
                observer.waiting(service, created.count::get);
            }
        }
        if (queue.count.incrementAndGet() > maxPerService) {
            queue.count.decrementAndGet();
            if (queue.fullLogged.compareAndSet(false, true)) {
                // once per episode: a flood of refused requests must not flood the log
                LOG.warn("hold-full service={} parked={} answering=503", service, maxPerService);
            }
            return Optional.empty();
        }
        queue.fullLogged.set(false);
        Parked parked = new Parked(service, queue, List.copyOf(tried), loop, waiter, observer);
        queue.parked.add(parked);
        parked.timer = loop.schedule(
                () -> parked.end("no server of service \"" + service + "\" became available within " + hold().toMillis()
                        + " ms"),
                left,
                TimeUnit.NANOSECONDS);
        // A runtime applied between the caller's pick and the add above woke nobody: look now.
        Map<String, ServiceBalancer> services = live;
        if (services != null) {
            ServiceBalancer now = services.get(service);
            if (now != null && now.available(parked.tried)) {
                parked.resume(now);
            }
        }
        return Optional.of(parked);
    }

    /**
     * A new runtime is live: resumes the requests whose service has a server for them there, and ends
     * the hold of those whose service is gone. Call it after the runtime is visible to new requests.
     */
    public void runtimeApplied(Map<String, ServiceBalancer> services) {
        live = services;
        queues.forEach((name, queue) -> {
            ServiceBalancer balancer = services.get(name);
            for (Parked p : queue.parked) {
                if (balancer == null) {
                    p.end("service \"" + name + "\" was removed");
                } else if (balancer.available(p.tried)) {
                    p.resume(balancer);
                }
            }
        });
    }

    /** A server's health changed: resumes the requests that can use it now (on the live runtime). */
    public void healthChanged() {
        Map<String, ServiceBalancer> services = live;
        if (services == null) {
            return;
        }
        queues.forEach((name, queue) -> {
            ServiceBalancer balancer = services.get(name);
            if (balancer != null) {
                for (Parked p : queue.parked) {
                    if (balancer.available(p.tried)) {
                        p.resume(balancer);
                    }
                }
            }
        });
    }

    /**
     * Ends every hold now with {@code reason} (each request gets its 503): the proxy is shutting down
     * and its grace is over, so an answer is better than a cut connection.
     *
     * @return how many requests were waiting
     */
    public int endAll(String reason) {
        int ended = 0;
        for (Queue queue : queues.values()) {
            for (Parked p : queue.parked) {
                if (p.end(reason)) {
                    ended++;
                }
            }
        }
        return ended;
    }

    /** Requests parked for {@code service} right now (metrics, tests). */
    public int parked(String service) {
        Queue queue = queues.get(service);
        return queue == null ? 0 : queue.count.get();
    }

    private static final class Queue {
        final Set<Parked> parked = ConcurrentHashMap.newKeySet();
        final AtomicInteger count = new AtomicInteger();
        final AtomicBoolean fullLogged = new AtomicBoolean();
    }

    /** One parked request. */
    public static final class Parked {
        private final String service;
        private final Queue queue;
        private final List<Upstream> tried;
        private final EventLoop loop;
        private final Waiter waiter;
        private final Observer observer;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;

        private Parked(
                String service, Queue queue, List<Upstream> tried, EventLoop loop, Waiter waiter, Observer observer) {
            this.service = service;
            this.observer = observer;
            this.queue = queue;
            this.tried = tried;
            this.loop = loop;
            this.waiter = waiter;
        }

        /** The client went away (or the request ended otherwise): frees the slot, tells nobody. */
        public void cancel() {
            leave();
        }

        private void resume(ServiceBalancer balancer) {
            if (leave()) {
                loop.execute(() -> waiter.serverAvailable(balancer));
            }
        }

        private boolean end(String reason) {
            if (!leave()) {
                return false;
            }
            LOG.info("hold-expired service={} reason=\"{}\"", service, reason);
            observer.expired(service);
            loop.execute(() -> waiter.holdEnded(reason));
            return true;
        }

        private boolean leave() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            queue.parked.remove(this);
            queue.count.decrementAndGet();
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            return true;
        }
    }
}
