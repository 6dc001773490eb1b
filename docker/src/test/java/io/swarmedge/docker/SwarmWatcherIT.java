package io.swarmedge.docker;

import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.dockerQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link SwarmWatcher} against the local single-node swarm ($DOCKER_HOST, else the unix socket). */
class SwarmWatcherIT {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmWatcherIT.class);
    /** Generous: the box is small and shared; the figures that matter are logged, not asserted. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String RUN =
            "sedtest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final String NETWORK = RUN + "-net";
    private static final List<String> SERVICES = new ArrayList<>();
    private static SwarmWatcher watcher;
    private static boolean networkCreated;

    @BeforeAll
    static void startWatcher() throws IOException {
        LocalDocker.requireSwarm();
        LocalDocker.ensureSleepImage();
        docker("network", "create", "--driver", "overlay", "--attachable", "--label", "io.swarmedge.test=1", NETWORK);
        networkCreated = true;
        watcher = new SwarmWatcher(
                DockerSwarmReader.connect(LocalDocker.endpoint(), Duration.ofSeconds(10)),
                snapshot -> {},
                SwarmWatcherSettings.DEFAULTS,
                Clock.systemUTC(),
                new SplittableRandom());
        watcher.start();
        await().atMost(WAIT).until(() -> watcher.status().connected());
    }

    @AfterAll
    static void cleanUp() {
        if (watcher != null) {
            watcher.close();
        }
        if (!networkCreated) {
            return; // skipped or failed before creating anything
        }
        for (String service : SERVICES) {
            dockerQuietly("service", "rm", service);
        }
        // Containers that ignore SIGTERM would hold the network for their grace period: remove them now.
        for (String service : SERVICES) {
            String ids = docker("ps", "-aq", "--filter", "label=com.docker.swarm.service.name=" + service);
            if (!ids.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                dockerQuietly(rm.toArray(String[]::new));
            }
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            dockerQuietly("network", "rm", NETWORK);
            return docker("network", "ls", "-q", "--filter", "name=" + NETWORK).isBlank();
        });
    }

    private static String createService(String name, String... options) {
        List<String> args = new ArrayList<>(
                List.of("service", "create", "--detach", "--no-resolve-image", "--name", name, "--network", NETWORK));
        args.addAll(List.of(options));
        args.add(LocalDocker.SLEEP_IMAGE);
        SERVICES.add(name);
        return docker(args.toArray(String[]::new));
    }

    private static Optional<SwarmService> seen(String name) {
        return watcher.snapshot().flatMap(s -> s.service(name));
    }

    private static List<SwarmTask> routable(String name) {
        return seen(name).map(SwarmService::routableTasks).orElse(List.of());
    }

    @Test
    void followsAServiceThroughCreateScaleUpdateAndRemove() {
        String name = RUN + "-web";
        long created = System.nanoTime();
        String id = createService(
                name,
                "--endpoint-mode",
                "dnsrr",
                "--init",
                "--stop-grace-period",
                "1s",
                "--label",
                "traefik.enable=true",
                "--label",
                "traefik.http.routers.web.rule=Host(`web.localhost`)");

        await().atMost(WAIT).until(() -> seen(name).isPresent());
        LOG.info("figure=service_seen_after_create ms={}", (System.nanoTime() - created) / 1_000_000);
        SwarmService service = seen(name).orElseThrow();
        assertThat(service.id()).isEqualTo(id);
        assertThat(service.endpointMode()).isEqualTo(EndpointMode.DNSRR);
        assertThat(service.virtualIps()).isEmpty();
        assertThat(service.labels())
                .containsEntry("traefik.enable", "true")
                .containsEntry("traefik.http.routers.web.rule", "Host(`web.localhost`)");
        await().atMost(WAIT).until(() -> routable(name).size() == 1);
        assertThat(routable(name).getFirst().addressesOn(NETWORK))
                .singleElement()
                .asString()
                .startsWith("10.");

        long scaled = System.nanoTime();
        docker("service", "scale", "--detach", name + "=3");
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> routable(name).size() == 3);
        Instant detected = Instant.now();
        LOG.info("figure=three_running_after_scale ms={}", (System.nanoTime() - scaled) / 1_000_000);
        List<SwarmTask> three = routable(name);
        // How long after Swarm marked the last task running did the snapshot show it?
        List<String> inspect = new ArrayList<>(List.of("inspect", "--format", "{{json .Status.Timestamp}}"));
        three.forEach(t -> inspect.add(t.id()));
        Instant runningAt = docker(inspect.toArray(String[]::new))
                .lines()
                .map(json -> Instant.parse(json.replace("\"", "")))
                .max(Instant::compareTo)
                .orElseThrow();
        LOG.info(
                "figure=running_task_seen_after_swarm_marked_it ms={}",
                Duration.between(runningAt, detected).toMillis());
        assertThat(three).extracting(SwarmTask::slot).containsExactlyInAnyOrder(1, 2, 3);
        var ips = new HashSet<String>();
        three.forEach(t -> ips.addAll(t.addressesOn(NETWORK)));
        assertThat(ips).hasSize(3);

        long updated = System.nanoTime();
        docker("service", "update", "--detach", "--label-add", "traefik.http.routers.web.priority=7", name);
        await().atMost(WAIT)
                .until(() -> seen(name)
                        .map(s -> "7".equals(s.labels().get("traefik.http.routers.web.priority")))
                        .orElse(false));
        LOG.info("figure=label_seen_after_update ms={}", (System.nanoTime() - updated) / 1_000_000);

        long removed = System.nanoTime();
        docker("service", "rm", name);
        await().atMost(WAIT).until(() -> seen(name).isEmpty());
        LOG.info("figure=service_gone_after_rm ms={}", (System.nanoTime() - removed) / 1_000_000);
        assertThat(watcher.status().connected()).isTrue();
        assertThat(watcher.status().lastSuccess()).isPresent();
    }

    @Test
    void aTaskSwarmStopsLeavesTheSnapshotBeforeItsContainerStops() {
        String name = RUN + "-slow";
        // No init: sleep as PID 1 ignores SIGTERM, so each container lives out its 30 s grace period.
        createService(name, "--endpoint-mode", "dnsrr", "--replicas", "2", "--stop-grace-period", "30s");
        await().atMost(WAIT).until(() -> routable(name).size() == 2);
        List<String> before =
                seen(name).orElseThrow().tasks().stream().map(SwarmTask::id).toList();

        long scaled = System.nanoTime();
        docker("service", "scale", "--detach", name + "=1");
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> seen(name).map(s -> s.tasks().size() == 1).orElse(false));
        long ms = (System.nanoTime() - scaled) / 1_000_000;
        LOG.info("figure=stopping_task_gone_after_scale_down ms={}", ms);

        String remaining = seen(name).orElseThrow().tasks().getFirst().id();
        String leaving =
                before.stream().filter(t -> !t.equals(remaining)).findFirst().orElseThrow();
        // Swarm wants it shut down, but its container is still running: no new requests may go there.
        // (a scale-down marks it "remove", an update or a drain "shutdown").
        String[] states = docker("inspect", "--format", "{{.DesiredState}} {{.Status.State}}", leaving)
                .split(" ");
        assertThat(states[0]).isIn("remove", "shutdown");
        assertThat(states[1]).isEqualTo("running");
        assertThat(ms)
                .as("a 1 s poll finds it long before the 30 s grace period ends")
                .isLessThan(20_000);
    }

    @Test
    void aVipServiceHasItsVirtualIpOnTheNetwork() {
        String name = RUN + "-vip";
        createService(name, "--init", "--stop-grace-period", "1s");
        await().atMost(WAIT)
                .until(() -> seen(name).map(s -> !s.virtualIps().isEmpty()).orElse(false));
        SwarmService service = seen(name).orElseThrow();
        assertThat(service.endpointMode()).isEqualTo(EndpointMode.VIP);
        assertThat(service.virtualIps()).anySatisfy(vip -> {
            assertThat(vip.networkName()).isEqualTo(NETWORK);
            assertThat(vip.address()).doesNotContain("/");
        });
        assertThat(watcher.snapshot().orElseThrow().networkByName(NETWORK)).hasValueSatisfying(n -> {
            assertThat(n.driver()).isEqualTo("overlay");
            assertThat(n.attachable()).isTrue();
            assertThat(n.labels()).containsEntry("io.swarmedge.test", "1");
        });
        assertThat(watcher.snapshot().orElseThrow().nodes())
                .anySatisfy(node -> assertThat(node.role()).isEqualTo(SwarmNode.Role.MANAGER));
    }
}
