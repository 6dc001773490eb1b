package io.swarmedge.docker;

import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.dockerQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The watcher reads the engine through a TCP relay that goes down and comes back, as a socket proxy
 * does when it restarts: it keeps its last snapshot, reports the outage, reconnects (requests and
 * events) and catches up with what changed meanwhile.
 */
class SwarmWatcherReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void survivesTheEndpointGoingAwayAndCatchesUp() throws IOException {
        LocalDocker.requireSwarm();
        LocalDocker.ensureSleepImage();
        String name = "sedtest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "-late";
        SwarmWatcherSettings settings =
                SwarmWatcherSettings.DEFAULTS.withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        try (UnixSocketRelay relay = UnixSocketRelay.start(Path.of("/var/run/docker.sock"));
                SwarmWatcher watcher = new SwarmWatcher(
                        DockerSwarmReader.connect(
                                DockerEndpoint.parse("tcp://127.0.0.1:" + relay.port()), Duration.ofSeconds(10)),
                        s -> {},
                        settings,
                        Clock.systemUTC(),
                        new SplittableRandom())) {
            watcher.start();
            await().atMost(WAIT)
                    .until(() ->
                            watcher.status().connected() && watcher.status().eventsConnected());
            SwarmSnapshot before = watcher.snapshot().orElseThrow();

            relay.down();
            await().atMost(WAIT)
                    .until(() ->
                            !watcher.status().connected() && !watcher.status().eventsConnected());
            assertThat(watcher.snapshot()).contains(before);
            assertThat(watcher.status().lastError())
                    .hasValueSatisfying(e -> assertThat(e).contains("127.0.0.1"));

            docker(
                    "service",
                    "create",
                    "--detach",
                    "--no-resolve-image",
                    "--name",
                    name,
                    "--init",
                    "--stop-grace-period",
                    "1s",
                    "--label",
                    "created.during=outage",
                    LocalDocker.SLEEP_IMAGE);
            relay.up();
            await().atMost(WAIT)
                    .until(() ->
                            watcher.status().connected() && watcher.status().eventsConnected());
            await().atMost(WAIT)
                    .until(() ->
                            watcher.snapshot().flatMap(s -> s.service(name)).isPresent());
            assertThat(watcher.snapshot()
                            .flatMap(s -> s.service(name))
                            .orElseThrow()
                            .labels())
                    .containsEntry("created.during", "outage");

            // And the events stream works again: a label change shows long before the 30 s resync.
            docker("service", "update", "--detach", "--label-add", "after=reconnect", name);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.snapshot()
                            .flatMap(s -> s.service(name))
                            .map(s -> s.labels().containsKey("after"))
                            .orElse(false));
        } finally {
            dockerQuietly("service", "rm", name);
        }
    }
}
