package io.swarmedge.docker;

import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.dynamic.WeightedService;
import io.swarmedge.config.provider.Provider;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.provider.ProviderStatus;
import io.swarmedge.config.staticconfig.Providers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Swarm provider ({@code providers.swarm.*}, or v2's {@code providers.docker.*} with {@code
 * swarmMode}): a {@link SwarmWatcher} on the configured endpoint — or, with {@code watch=false}, a
 * {@link SwarmSingleRead} — its snapshots turned into dynamic configuration by {@link
 * SwarmConfigBuilder}. A new configuration is published only when it differs from the last one.
 * Its objects are named after the form it was configured in ({@code whoami@swarm}, or {@code
 * whoami@docker} as Traefik v2 names them), so labels that refer to {@code x@docker} resolve.
 */
public final class SwarmProvider implements Provider {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmProvider.class);

    private final Providers.SwarmProvider settings;
    private final SwarmReader reader;
    private final Clock clock;
    private final RandomGenerator random;
    private final SwarmConfigBuilder builder;
    private final AtomicReference<ProviderSnapshot> last = new AtomicReference<>();
    private volatile Instant lastChange = Instant.EPOCH;
    private volatile boolean stopped;
    private volatile SwarmWatcher watcher;
    private volatile SwarmSingleRead singleRead;

    /** A provider reading from {@code settings.endpoint()}. */
    public SwarmProvider(Providers.SwarmProvider settings) {
        this(
                settings,
                DockerSwarmReader.connect(
                        DockerEndpoint.parse(settings.endpoint()), SwarmWatcherSettings.DEFAULTS.requestTimeout()),
                Clock.systemUTC(),
                RandomGenerator.getDefault());
    }

    SwarmProvider(Providers.SwarmProvider settings, SwarmReader reader, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.reader = reader;
        this.clock = clock;
        this.random = random;
        this.builder = new SwarmConfigBuilder(settings.name(), settings);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public synchronized void start(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (watcher != null || singleRead != null) {
            throw new IllegalStateException("swarm provider already started");
        }
        if (settings.watch()) {
            watcher =
                    new SwarmWatcher(reader, snapshot -> publish(snapshot, listener), watcherSettings(), clock, random);
            watcher.start();
        } else {
            SwarmWatcherSettings d = SwarmWatcherSettings.DEFAULTS;
            singleRead = new SwarmSingleRead(
                    reader,
                    snapshot -> publish(snapshot, listener),
                    new Backoff(d.initialBackoff(), d.maxBackoff(), random),
                    clock);
            singleRead.start();
        }
        LOG.info(
                "event=swarm_provider_started name={} endpoint={} network={} exposedByDefault={} watch={}",
                settings.name(),
                settings.endpoint(),
                settings.network(),
                settings.exposedByDefault(),
                settings.watch());
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (watcher != null) {
            watcher.close();
        } else if (singleRead != null) {
            singleRead.close();
        } else {
            reader.close();
        }
    }

    @Override
    public ProviderStatus status() {
        if (stopped) {
            return new ProviderStatus(ProviderStatus.Health.STOPPED, lastChange, "");
        }
        SwarmWatcherStatus s = watcherStatus();
        if (watcher == null && singleRead == null) {
            return new ProviderStatus(ProviderStatus.Health.STARTING, lastChange, "");
        }
        if (!s.connected()) {
            if (s.lastSuccess().isEmpty() && s.consecutiveFailures() == 0) {
                return new ProviderStatus(ProviderStatus.Health.STARTING, lastChange, "");
            }
            return new ProviderStatus(
                    ProviderStatus.Health.FAILED,
                    lastChange,
                    "Docker API unreachable (" + s.consecutiveFailures() + " failures"
                            + s.lastSuccess().map(t -> ", last good read " + t).orElse("")
                            + ", last configuration kept): " + s.lastError().orElse(""));
        }
        ProviderSnapshot snapshot = last.get();
        if (snapshot != null && !snapshot.errors().isEmpty()) {
            return new ProviderStatus(
                    ProviderStatus.Health.DEGRADED,
                    lastChange,
                    snapshot.errors().size() + " problem(s), first: "
                            + snapshot.errors().getFirst());
        }
        if (settings.watch() && !s.eventsConnected()) {
            return new ProviderStatus(
                    ProviderStatus.Health.DEGRADED, lastChange, "Docker events stream down: polling only");
        }
        return new ProviderStatus(ProviderStatus.Health.OK, lastChange, "");
    }

    /** The raw watcher's status (connection, errors, read counts), for metrics. */
    public SwarmWatcherStatus watcherStatus() {
        SwarmWatcher w = watcher;
        SwarmSingleRead once = singleRead;
        if (w != null) {
            return w.status();
        }
        return once == null ? SwarmWatcherStatus.initial() : once.status();
    }

    private void publish(SwarmSnapshot swarm, Listener listener) {
        ProviderSnapshot snapshot = builder.build(swarm);
        ProviderSnapshot previous = last.getAndSet(snapshot);
        if (snapshot.equals(previous)) {
            return; // tasks changed on networks no router uses, say: nothing to rebuild
        }
        lastChange = clock.instant();
        snapshot.errors().forEach(e -> LOG.warn("event=swarm_config_error {}", e));
        // What the labels became, one line per change: the first thing to look at when a route is missing.
        LOG.info(
                "event=swarm_config routers={} services={}",
                new TreeSet<>(snapshot.config().http().routers().keySet()),
                new TreeMap<>(snapshot.config().http().services().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> servers(e.getValue())))));
        listener.onSnapshot(snapshot);
    }

    /** "n servers" of a load balancer, "weighted" otherwise. */
    private static String servers(Service service) {
        return switch (service) {
            case LoadBalancerService lb -> lb.servers().size() + " servers";
            case WeightedService w -> "weighted";
        };
    }

    private SwarmWatcherSettings watcherSettings() {
        Duration resync = settings.refreshSeconds().isZero()
                ? SwarmWatcherSettings.DEFAULTS.resyncInterval()
                : settings.refreshSeconds();
        SwarmWatcherSettings d = SwarmWatcherSettings.DEFAULTS;
        return new SwarmWatcherSettings(
                d.taskPollInterval(),
                resync,
                d.eventDebounce(),
                d.followUpDelay(),
                d.requestTimeout(),
                d.initialBackoff(),
                d.maxBackoff());
    }
}
