package io.swarmedge.docker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an up-to-date {@link SwarmSnapshot} of a swarm and hands every changed one to a listener.
 *
 * <ul>
 *   <li>Reads everything at start, and again at once (after a short debounce) on every service, node,
 *       network or config event, and every {@code resyncInterval} as a safety net. Container events
 *       (start, health, death on the endpoint's node) cause an immediate read of the tasks.
 *   <li>Reads the task list every {@code taskPollInterval}: Swarm sends no task events. Only tasks
 *       whose desired state is {@code running} are read, so a task that Swarm is stopping (scale
 *       down, rolling update, drain) leaves the snapshot at the next poll — before its container
 *       is stopped, since Swarm waits for the stop grace period.
 *   <li>Publishes only snapshots that differ ({@code equals}) from the last one published.
 *   <li>On API failure keeps the last good snapshot, retries with capped exponential back-off and
 *       reports it in {@link #status()}.
 * </ul>
 *
 * Blocking API calls run on two virtual threads: the read loop and the events stream.
 */
public final class SwarmWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmWatcher.class);

    private final SwarmReader reader;
    private final Consumer<SwarmSnapshot> listener;
    private final SwarmWatcherSettings settings;
    private final Clock clock;
    private final Backoff backoff;

    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean fullReadWanted = new AtomicBoolean(true);
    private final AtomicBoolean eventSeen = new AtomicBoolean();
    private final AtomicReference<SwarmWatcherStatus> status = new AtomicReference<>(SwarmWatcherStatus.initial());
    private final AtomicReference<EventStream> openEvents = new AtomicReference<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running;
    private volatile SwarmSnapshot published;
    private Thread loopThread;
    private Thread eventsThread;

    // Owned by the read loop: the parts read less often than the tasks.
    private List<SwarmService> services = List.of();
    private Map<String, SwarmNetwork> networks = Map.of();
    private List<SwarmNode> nodes = List.of();
    private Instant lastFullRead = Instant.EPOCH;

    public SwarmWatcher(
            SwarmReader reader,
            Consumer<SwarmSnapshot> listener,
            SwarmWatcherSettings settings,
            Clock clock,
            RandomGenerator random) {
        this.reader = reader;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
    }

    /** A watcher reading from {@code endpoint} with the default settings; call {@link #start()}. */
    public static SwarmWatcher connect(DockerEndpoint endpoint, Consumer<SwarmSnapshot> listener) {
        return connect(endpoint, listener, SwarmWatcherSettings.DEFAULTS);
    }

    /** A watcher reading from {@code endpoint}; call {@link #start()}. */
    public static SwarmWatcher connect(
            DockerEndpoint endpoint, Consumer<SwarmSnapshot> listener, SwarmWatcherSettings settings) {
        return new SwarmWatcher(
                DockerSwarmReader.connect(endpoint, settings.requestTimeout()),
                listener,
                settings,
                Clock.systemUTC(),
                RandomGenerator.getDefault());
    }

    /** Starts reading, on virtual threads. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("swarm watcher already started");
        }
        running = true;
        loopThread = Thread.ofVirtual().name("swarm-watcher-read").start(this::readLoop);
        eventsThread = Thread.ofVirtual().name("swarm-watcher-events").start(this::eventsLoop);
    }

    /** The last snapshot published; empty until the first successful read. */
    public Optional<SwarmSnapshot> snapshot() {
        return Optional.ofNullable(published);
    }

    /** Connection state, last error and last successful read. */
    public SwarmWatcherStatus status() {
        return status.get();
    }

    /** Asks for a full read now (for example after the provider's configuration changed). */
    public void refresh() {
        fullReadWanted.set(true);
        wake.release();
    }

    @Override
    public void close() {
        running = false;
        Optional.ofNullable(openEvents.getAndSet(null)).ifPresent(EventStream::close);
        for (Thread thread : new Thread[] {loopThread, eventsThread}) {
            if (thread != null) {
                thread.interrupt();
            }
        }
        for (Thread thread : new Thread[] {loopThread, eventsThread}) {
            if (thread != null) {
                try {
                    thread.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        reader.close();
    }

    private void readLoop() {
        while (running) {
            boolean full = fullReadWanted.getAndSet(false)
                    || !clock.instant().isBefore(lastFullRead.plus(settings.resyncInterval()));
            boolean afterEvent = eventSeen.getAndSet(false);
            try {
                readOnce(full);
            } catch (RuntimeException e) { // DockerApiException, or a reader bug: either way retry
                if (!running) {
                    return;
                }
                onFailure(e);
                continue;
            }
            // After an event Swarm is usually still changing tasks: look again soon, then poll.
            waitForWake(afterEvent ? settings.followUpDelay() : settings.taskPollInterval());
        }
    }

    private void readOnce(boolean full) {
        if (full) {
            Map<String, SwarmNetwork> readNetworks = reader.networks();
            List<SwarmService> readServices = reader.services(readNetworks);
            List<SwarmNode> readNodes = reader.nodes();
            networks = readNetworks;
            services = readServices;
            nodes = readNodes;
            lastFullRead = clock.instant();
        }
        List<SwarmReader.ServiceTaskRef> tasks = reader.runningTasks();
        Set<String> known = new HashSet<>();
        services.forEach(s -> known.add(s.id()));
        if (!full && tasks.stream().anyMatch(t -> !known.contains(t.serviceId()))) {
            // A service we have not read yet (its event was missed or is late): read everything.
            readOnce(true);
            return;
        }
        SwarmSnapshot snapshot = assemble(services, networks, nodes, tasks);
        boolean changed = !snapshot.equals(published);
        if (changed) {
            published = snapshot;
        }
        Instant now = clock.instant();
        SwarmWatcherStatus before = status.getAndUpdate(s -> s.succeeded(now, changed));
        if (!before.connected() && before.consecutiveFailures() > 0) {
            LOG.info("event=docker_reconnected failures={} services={}", before.consecutiveFailures(), services.size());
        }
        if (changed) {
            LOG.debug(
                    "event=swarm_snapshot services={} tasks={} full={}",
                    snapshot.services().size(),
                    tasks.size(),
                    full);
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("event=listener_failed error=\"{}\"", e.toString(), e);
            }
        }
    }

    private void onFailure(Exception e) {
        fullReadWanted.set(true);
        SwarmWatcherStatus now = status.updateAndGet(s -> s.failed(clock.instant(), e.getMessage()));
        Duration delay = backoff.delay(now.consecutiveFailures());
        LOG.warn(
                "event=docker_read_failed failures={} retry_in_ms={} keeping_last_snapshot={} error=\"{}\"",
                now.consecutiveFailures(),
                delay.toMillis(),
                published != null,
                e.getMessage());
        // The events stream may be just as dead without noticing (a vanished peer sends no FIN).
        Optional.ofNullable(openEvents.get()).ifPresent(EventStream::close);
        sleep(delay);
    }

    private void eventsLoop() {
        int failures = 0;
        boolean first = true;
        Instant openedAt = null;
        while (running) {
            try (EventStream events = reader.events()) {
                openEvents.set(events);
                if (!running) {
                    return;
                }
                status.updateAndGet(s -> s.withEventsConnected(true));
                if (!first) {
                    LOG.info("event=docker_events_reconnected");
                    requestFullRead(); // events were missed while the stream was down
                }
                first = false;
                openedAt = clock.instant();
                while (running) {
                    SwarmEvent event = events.next();
                    // Only a stream that works resets the back-off: one that an endpoint accepts and
                    // drops at once must not be reopened in a tight loop.
                    failures = 0;
                    LOG.debug(
                            "event=docker_event type={} action={} actor={} name={}",
                            event.type(),
                            event.action(),
                            event.actorId(),
                            event.actorName());
                    if (event.type().equals("container")) {
                        requestTaskRead(); // a task's container started, died or became healthy
                    } else {
                        requestFullRead();
                    }
                }
            } catch (RuntimeException e) { // DockerApiException, or a reader bug: either way retry
                openEvents.set(null);
                status.updateAndGet(s -> s.withEventsConnected(false));
                if (!running) {
                    return;
                }
                if (openedAt != null && !clock.instant().isBefore(openedAt.plus(settings.maxBackoff()))) {
                    failures = 0; // it stayed up a good while: start the back-off afresh
                }
                openedAt = null;
                failures++;
                first = false;
                Duration delay = backoff.delay(failures);
                LOG.warn(
                        "event=docker_events_failed failures={} retry_in_ms={} error=\"{}\"",
                        failures,
                        delay.toMillis(),
                        e.getMessage());
                sleep(delay);
            }
        }
    }

    private void requestFullRead() {
        fullReadWanted.set(true);
        requestTaskRead();
    }

    private void requestTaskRead() {
        eventSeen.set(true);
        wake.release();
    }

    private void waitForWake(Duration timeout) {
        try {
            if (wake.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                // Gather the rest of a burst (a stack deploy sends dozens of events) into one read.
                if (!settings.eventDebounce().isZero()) {
                    Thread.sleep(settings.eventDebounce());
                }
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Puts the tasks under their services; tasks of services not read are left out. */
    static SwarmSnapshot assemble(
            List<SwarmService> services,
            Map<String, SwarmNetwork> networks,
            List<SwarmNode> nodes,
            List<SwarmReader.ServiceTaskRef> tasks) {
        Map<String, List<SwarmTask>> byService = new LinkedHashMap<>();
        for (SwarmReader.ServiceTaskRef ref : tasks) {
            byService.computeIfAbsent(ref.serviceId(), id -> new ArrayList<>()).add(ref.task());
        }
        List<SwarmService> withTasks = services.stream()
                .map(s -> s.withTasks(byService.getOrDefault(s.id(), List.of())))
                .toList();
        return new SwarmSnapshot(withTasks, networks, nodes);
    }
}
