package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwarmWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Fast polls; a resync interval long enough that only events and unknown services cause full reads. */
    private static final SwarmWatcherSettings FAST = new SwarmWatcherSettings(
            Duration.ofMillis(20),
            Duration.ofHours(1),
            Duration.ZERO,
            Duration.ofMillis(10),
            Duration.ofSeconds(1),
            Duration.ofMillis(10),
            Duration.ofMillis(40));

    private final FakeSwarmReader swarm = new FakeSwarmReader();
    private final List<SwarmSnapshot> published = new CopyOnWriteArrayList<>();
    private SwarmWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void startWatcher() {
        watcher = new SwarmWatcher(swarm, published::add, FAST, Clock.systemUTC(), new SplittableRandom(1));
        watcher.start();
    }

    private static SwarmService service(String id, String name, Map<String, String> labels) {
        return new SwarmService(id, name, labels, EndpointMode.DNSRR, List.of(), List.of());
    }

    private static SwarmReader.ServiceTaskRef task(String serviceId, String id, int slot, TaskState state, String ip) {
        return new SwarmReader.ServiceTaskRef(
                serviceId, new SwarmTask(id, slot, "node1", state, TaskState.RUNNING, Map.of("web", List.of(ip))));
    }

    @Test
    void publishesTheFirstReadThenOnlyChanges() {
        swarm.services = List.of(service("s1", "whoami", Map.of("traefik.enable", "true")));
        swarm.tasks = List.of(task("s1", "t1", 1, TaskState.RUNNING, "10.0.0.2"));
        startWatcher();

        await().atMost(WAIT).until(() -> published.size() == 1);
        long reads = watcher.status().reads();
        await().atMost(WAIT).until(() -> watcher.status().reads() > reads + 5);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().service("whoami").orElseThrow().tasks())
                .extracting(SwarmTask::id)
                .containsExactly("t1");
        assertThat(watcher.snapshot()).contains(published.getFirst());

        // A scale-up shows at the next task poll, without any event.
        swarm.tasks = List.of(
                task("s1", "t1", 1, TaskState.RUNNING, "10.0.0.2"),
                task("s1", "t2", 2, TaskState.STARTING, "10.0.0.3"));
        await().atMost(WAIT).until(() -> published.size() == 2);
        SwarmService whoami = published.get(1).service("whoami").orElseThrow();
        assertThat(whoami.tasks()).extracting(SwarmTask::id).containsExactly("t1", "t2");
        assertThat(whoami.routableTasks()).extracting(SwarmTask::id).containsExactly("t1");
        assertThat(whoami.routableAddresses("web")).containsExactly("10.0.0.2");
        assertThat(whoami.routableAddresses("other")).isEmpty();
        assertThat(watcher.status().published()).isEqualTo(2);
    }

    @Test
    void aTaskSwarmStopsLeavesTheSnapshotAtTheNextPoll() {
        swarm.services = List.of(service("s1", "whoami", Map.of()));
        swarm.tasks = List.of(
                task("s1", "t1", 1, TaskState.RUNNING, "10.0.0.2"), task("s1", "t2", 2, TaskState.RUNNING, "10.0.0.3"));
        startWatcher();
        await().atMost(WAIT).until(() -> !published.isEmpty());

        // The reader lists only tasks whose desired state is running: t2 is being stopped.
        swarm.tasks = List.of(task("s1", "t1", 1, TaskState.RUNNING, "10.0.0.2"));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(published
                                .getLast()
                                .service("whoami")
                                .orElseThrow()
                                .tasks())
                        .extracting(SwarmTask::id)
                        .containsExactly("t1"));
    }

    @Test
    void servicesAreReReadOnEventsNotOnEveryPoll() {
        swarm.services = List.of(service("s1", "whoami", Map.of("a", "1")));
        startWatcher();
        await().atMost(WAIT).until(() -> published.size() == 1);
        int serviceReads = swarm.serviceReads.get();
        int taskReads = swarm.taskReads.get();
        await().atMost(WAIT).until(() -> swarm.taskReads.get() > taskReads + 5);
        assertThat(swarm.serviceReads.get()).isEqualTo(serviceReads);

        swarm.services = List.of(service("s1", "whoami", Map.of("a", "2")));
        swarm.send(new SwarmEvent("service", "update", "s1", "whoami"));
        await().atMost(WAIT).until(() -> published.size() == 2);
        assertThat(published.getLast().service("whoami").orElseThrow().labels()).containsEntry("a", "2");
    }

    @Test
    void aTaskOfAnUnknownServiceTriggersAFullRead() {
        startWatcher();
        await().atMost(WAIT).until(() -> published.size() == 1);
        assertThat(published.getFirst().services()).isEmpty();

        // A service created without its event reaching us: its tasks give it away.
        swarm.services = List.of(service("s2", "late", Map.of()));
        swarm.tasks = List.of(task("s2", "t9", 1, TaskState.RUNNING, "10.0.0.9"));
        await().atMost(WAIT).until(() -> published.size() == 2);
        assertThat(published.getLast().service("late").orElseThrow().tasks()).hasSize(1);
    }

    @Test
    void keepsTheLastGoodSnapshotWhileTheApiFailsAndRecovers() {
        swarm.services = List.of(service("s1", "whoami", Map.of()));
        swarm.tasks = List.of(task("s1", "t1", 1, TaskState.RUNNING, "10.0.0.2"));
        startWatcher();
        await().atMost(WAIT).until(() -> watcher.status().connected());
        SwarmSnapshot good = watcher.snapshot().orElseThrow();

        swarm.failure = new DockerApiException("GET tcp://socket-proxy:2375/tasks: Connection refused", 0, null);
        await().atMost(WAIT).until(() -> watcher.status().consecutiveFailures() >= 3);
        SwarmWatcherStatus down = watcher.status();
        assertThat(down.connected()).isFalse();
        assertThat(down.lastError()).hasValueSatisfying(e -> assertThat(e).contains("Connection refused"));
        assertThat(down.lastSuccess()).isPresent();
        assertThat(watcher.snapshot()).contains(good);
        assertThat(published).hasSize(1);

        swarm.failure = null;
        await().atMost(WAIT).until(() -> watcher.status().connected());
        assertThat(watcher.status().consecutiveFailures()).isZero();
        assertThat(watcher.status().lastError()).isPresent(); // kept for the health report, with its time
        assertThat(published).hasSize(1); // nothing changed meanwhile: no rebuild
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheWatcher() {
        watcher = new SwarmWatcher(
                swarm,
                snapshot -> {
                    published.add(snapshot);
                    throw new IllegalStateException("listener bug");
                },
                FAST,
                Clock.systemUTC(),
                new SplittableRandom(1));
        watcher.start();
        await().atMost(WAIT).until(() -> published.size() == 1);
        swarm.services = List.of(service("s1", "whoami", Map.of()));
        swarm.send(new SwarmEvent("service", "create", "s1", "whoami"));
        await().atMost(WAIT).until(() -> published.size() == 2);
        assertThat(watcher.status().connected()).isTrue();
    }
}
