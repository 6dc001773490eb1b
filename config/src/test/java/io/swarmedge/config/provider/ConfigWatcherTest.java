package io.swarmedge.config.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConfigWatcherTest {
    private static final Duration THROTTLE = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock();
    private final List<Merged> published = new CopyOnWriteArrayList<>();
    private final ConfigWatcher watcher =
            new ConfigWatcher(List.of(), new ConfigMerger(Set.of(), Set.of()), THROTTLE, clock, published::add);

    private static ProviderSnapshot routerOn(String host) {
        return Snapshots.of(
                "file",
                "http:\n  routers:\n    r: {rule: \"Host(`" + host
                        + "`)\", service: s}\n  services:\n    s: {loadBalancer: {}}\n");
    }

    @Test
    void firstConfigurationIsAppliedAtOnce() {
        watcher.onSnapshot(routerOn("a"));
        assertThat(watcher.publishIfDue()).isEmpty();
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().config().http().routers().get("r@file").rule())
                .isEqualTo("Host(`a`)");
        assertThat(watcher.reloads()).isEqualTo(1);
        assertThat(watcher.current()).contains(published.getFirst());
    }

    @Test
    void burstsAreCoalescedUntilTheThrottleWindowEnds() {
        watcher.onSnapshot(routerOn("a"));
        watcher.publishIfDue();
        clock.advance(Duration.ofMillis(500));
        watcher.onSnapshot(routerOn("b"));
        assertThat(watcher.publishIfDue()).contains(Duration.ofMillis(1500));
        clock.advance(Duration.ofMillis(1000));
        watcher.onSnapshot(routerOn("c"));
        assertThat(watcher.publishIfDue()).contains(Duration.ofMillis(500));
        assertThat(published).hasSize(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(watcher.publishIfDue()).isEmpty();
        assertThat(published).hasSize(2);
        assertThat(published.get(1).config().http().routers().get("r@file").rule())
                .isEqualTo("Host(`c`)");
    }

    @Test
    void anIsolatedEditAfterAQuietPeriodIsAppliedAtOnce() {
        watcher.onSnapshot(routerOn("a"));
        watcher.publishIfDue();
        clock.advance(Duration.ofSeconds(30));
        watcher.onSnapshot(routerOn("b"));
        assertThat(watcher.publishIfDue()).isEmpty();
        assertThat(published).hasSize(2);
    }

    @Test
    void anUnchangedResultIsNotPublishedButErrorsAreKeptCurrent() {
        watcher.onSnapshot(routerOn("a"));
        watcher.publishIfDue();
        clock.advance(Duration.ofSeconds(10));
        ProviderSnapshot same = routerOn("a");
        watcher.onSnapshot(new ProviderSnapshot(
                "file",
                same.config(),
                List.of(new io.swarmedge.config.dynamic.ConfigError("x.yml", 3, "http.routers.y", "broken"))));
        watcher.publishIfDue();
        assertThat(published).hasSize(1);
        assertThat(watcher.reloads()).isEqualTo(1);
        assertThat(watcher.errors()).singleElement().asString().isEqualTo("x.yml:3: http.routers.y: broken");
        assertThat(watcher.failures()).isEqualTo(1);
        assertThat(watcher.lastReloadFailure()).isPresent();
        clock.advance(Duration.ofSeconds(10));
        watcher.onSnapshot(new ProviderSnapshot(
                "file",
                routerOn("b").config(),
                List.of(new io.swarmedge.config.dynamic.ConfigError("x.yml", 3, "http.routers.y", "broken"))));
        watcher.publishIfDue();
        assertThat(published).hasSize(2);
        assertThat(watcher.failures()).as("a persisting error is counted once").isEqualTo(1);
    }

    @Test
    void snapshotsOfSeveralProvidersAreMerged() {
        watcher.onSnapshot(routerOn("a"));
        watcher.onSnapshot(Snapshots.of("swarm", "http: {services: {wp: {loadBalancer: {}}}}"));
        watcher.publishIfDue();
        assertThat(published.getLast().config().http().services()).containsOnlyKeys("s@file", "wp@swarm");
    }

    @Test
    void aProvidersFirstSnapshotIsPublishedEvenWhenItAddsNothing() {
        watcher.onSnapshot(routerOn("a"));
        watcher.publishIfDue();
        assertThat(published.getLast().providers()).containsExactly("file");
        clock.advance(Duration.ofMillis(200));
        // a swarm without labelled services: no route changes, but the proxy now has both providers' view
        watcher.onSnapshot(Snapshots.of("swarm", "http: {}"));
        watcher.publishIfDue();
        assertThat(published).hasSize(2);
        assertThat(published.getLast().providers()).containsExactly("file", "swarm");
        clock.advance(Duration.ofSeconds(10));
        watcher.onSnapshot(Snapshots.of("swarm", "http: {}"));
        watcher.publishIfDue();
        assertThat(published)
                .as("the same providers and routes again: nothing new")
                .hasSize(2);
    }

    @Test
    void eachProvidersFirstSnapshotIsAppliedAtOnce() {
        watcher.onSnapshot(routerOn("a"));
        watcher.publishIfDue();
        clock.advance(Duration.ofMillis(200));
        watcher.onSnapshot(Snapshots.of("swarm", "http: {services: {wp: {loadBalancer: {}}}}"));
        assertThat(watcher.publishIfDue()).isEmpty();
        assertThat(published).hasSize(2);
        clock.advance(Duration.ofMillis(200));
        watcher.onSnapshot(Snapshots.of("swarm", "http: {services: {wp2: {loadBalancer: {}}}}"));
        assertThat(watcher.publishIfDue()).contains(Duration.ofMillis(1800));
    }

    @Test
    void filesToPublishedConfigurationEndToEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("dynamic.yml"), """
                http:
                  routers:
                    r: {rule: "Host(`a`)", service: s, middlewares: [hsts]}
                  middlewares:
                    hsts: {headers: {stsSeconds: 60}}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:8081"}]}}
                """);
        var file = new FileProvider(dir, true, true, Duration.ofMillis(200), Clock.systemUTC());
        var running = new ConfigWatcher(
                List.of(file),
                new ConfigMerger(Set.of(), Set.of()),
                Duration.ofMillis(100),
                Clock.systemUTC(),
                published::add);
        running.start();
        try {
            assertThat(running.awaitFirst(Duration.ofSeconds(10))).isPresent();
            assertThat(published
                            .getLast()
                            .config()
                            .http()
                            .routers()
                            .get("r@file")
                            .middlewares())
                    .containsExactly("hsts@file");
            java.nio.file.Files.writeString(dir.resolve("dynamic.yml"), """
                    http:
                      routers:
                        r: {rule: "Host(`a`)", service: s, middlewares: [gone]}
                      services:
                        s: {loadBalancer: {}}
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() -> !running.errors().isEmpty());
            assertThat(running.errors())
                    .singleElement()
                    .asString()
                    .isEqualTo(
                            "router \"r@file\": refers to middleware \"gone@file\", which does not exist or was left out; it is left out");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> published.getLast().config().http().routers().isEmpty());
            assertThat(running.providerStatus()).containsKey("file");
        } finally {
            running.close();
        }
    }

    @Test
    void theRunningWatcherPublishesFromItsThread() {
        var provider = new StubProvider();
        var running = new ConfigWatcher(
                List.of(provider), new ConfigMerger(Set.of(), Set.of()), THROTTLE, Clock.systemUTC(), published::add);
        running.start();
        try {
            provider.publish(routerOn("a"));
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
            provider.publish(routerOn("b"));
            provider.publish(routerOn("c"));
            await().atMost(Duration.ofSeconds(15)).until(() -> published.size() == 2);
            assertThat(published.get(1).config().http().routers().get("r@file").rule())
                    .isEqualTo("Host(`c`)");
        } finally {
            running.close();
        }
        assertThat(provider.stopped).isTrue();
    }

    /** A provider the test drives by hand. */
    private static final class StubProvider implements Provider {
        private volatile Listener listener;
        private volatile boolean stopped;

        @Override
        public String name() {
            return "file";
        }

        @Override
        public void start(Listener listener) {
            this.listener = listener;
        }

        void publish(ProviderSnapshot snapshot) {
            listener.onSnapshot(snapshot);
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public ProviderStatus status() {
            return new ProviderStatus(ProviderStatus.Health.OK, Instant.EPOCH, "");
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
