package io.swarmedge.docker;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The swarm read once, for {@code providers.swarm.watch=false} (and {@code providers.docker.watch}),
 * as Traefik does: one full read at start, retried with back-off until it succeeds, then nothing —
 * no events stream, no polling — so the configuration stays what it was at start until a restart.
 */
final class SwarmSingleRead implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmSingleRead.class);

    private final SwarmReader reader;
    private final Consumer<SwarmSnapshot> listener;
    private final Backoff backoff;
    private final Clock clock;
    private final AtomicReference<SwarmWatcherStatus> status = new AtomicReference<>(SwarmWatcherStatus.initial());
    private volatile boolean running;
    private Thread thread;

    SwarmSingleRead(SwarmReader reader, Consumer<SwarmSnapshot> listener, Backoff backoff, Clock clock) {
        this.reader = reader;
        this.listener = listener;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Starts the read on a virtual thread. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("swarm read already started");
        }
        running = true;
        thread = Thread.ofVirtual().name("swarm-single-read").start(this::readUntilDone);
    }

    /** Whether the read succeeded, or why it has not yet. */
    SwarmWatcherStatus status() {
        return status.get();
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread == null) {
            reader.close();
            return;
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readUntilDone() {
        try {
            SwarmSnapshot snapshot = readWithRetries();
            if (snapshot == null) {
                return;
            }
            LOG.info(
                    "event=swarm_read_once services={} watch=false: the swarm is not read again until restart",
                    snapshot.services().size());
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("event=listener_failed error=\"{}\"", e.toString(), e);
            }
        } finally {
            reader.close(); // nothing more will be read: release the connection
        }
    }

    /** The first snapshot read successfully, or null when stopped before. */
    private SwarmSnapshot readWithRetries() {
        while (running) {
            try {
                Map<String, SwarmNetwork> networks = reader.networks();
                List<SwarmService> services = reader.services(networks);
                List<SwarmNode> nodes = reader.nodes();
                SwarmSnapshot snapshot = SwarmWatcher.assemble(services, networks, nodes, reader.runningTasks());
                status.updateAndGet(s -> s.succeeded(clock.instant(), true));
                return snapshot;
            } catch (RuntimeException e) { // DockerApiException, or a reader bug: either way retry
                if (!running) {
                    return null;
                }
                SwarmWatcherStatus now = status.updateAndGet(s -> s.failed(clock.instant(), e.getMessage()));
                Duration delay = backoff.delay(now.consecutiveFailures());
                LOG.warn(
                        "event=docker_read_failed failures={} retry_in_ms={} error=\"{}\"",
                        now.consecutiveFailures(),
                        delay.toMillis(),
                        e.getMessage());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    return null;
                }
            }
        }
        return null;
    }
}
