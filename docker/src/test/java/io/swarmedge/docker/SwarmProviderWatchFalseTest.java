package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.provider.ProviderStatus;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code watch=false}, as Traefik: the swarm is read once at start (retried until a read succeeds),
 * then never again — no events stream, no polling — so later changes are not seen.
 */
class SwarmProviderWatchFalseTest {

    private static SwarmService service(String name) {
        return new SwarmService(
                "id-" + name,
                name,
                Map.of("traefik.enable", "true", "traefik.http.services." + name + ".loadbalancer.server.port", "80"),
                EndpointMode.DNSRR,
                List.of(),
                List.of());
    }

    private static SwarmReader.ServiceTaskRef task(String service, String ip) {
        return new SwarmReader.ServiceTaskRef(
                "id-" + service,
                new SwarmTask("t-" + ip, 1, "n", TaskState.RUNNING, TaskState.RUNNING, Map.of("web", List.of(ip))));
    }

    private static Providers.SwarmProvider settings(String... flags) throws Exception {
        return StaticConfigLoader.load(List.of(flags), Map.of()).providers().swarm();
    }

    @Test
    void readsOnceAtStartAndNeverAgain() throws Exception {
        Providers.SwarmProvider settings = settings("--providers.swarm.network=web", "--providers.swarm.watch=false");
        assertThat(settings.watch()).isFalse();
        FakeSwarmReader swarm = new FakeSwarmReader();
        swarm.services = List.of(service("app"));
        swarm.tasks = List.of(task("app", "10.0.0.2"));
        List<ProviderSnapshot> published = new CopyOnWriteArrayList<>();
        SwarmProvider provider = new SwarmProvider(settings, swarm, Clock.systemUTC(), new SplittableRandom(5));
        provider.start(published::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
            assertThat(published.getFirst().config().http().routers()).containsOnlyKeys("app");
            assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.OK);

            // A new service, a new task and an event: a watching provider would see them within a second.
            swarm.services = List.of(service("app"), service("blog"));
            swarm.tasks = List.of(task("app", "10.0.0.2"), task("app", "10.0.0.3"), task("blog", "10.0.0.4"));
            swarm.send(new SwarmEvent("service", "create", "id-blog", "blog"));
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> swarm.serviceReads.get() == 1 && swarm.taskReads.get() == 1);
            assertThat(swarm.eventStreamsOpened.get()).isZero();
            assertThat(published).hasSize(1);
            assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.OK);
        } finally {
            provider.stop();
        }
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.STOPPED);
    }

    @Test
    void theSeedsDockerFormWithWatchFalseRetriesTheFirstReadUntilItSucceeds() throws Exception {
        Providers.SwarmProvider settings = settings(
                "--providers.docker.swarmMode=true",
                "--providers.docker.watch=false",
                "--providers.docker.network=web");
        FakeSwarmReader swarm = new FakeSwarmReader();
        swarm.services = List.of(service("app"));
        swarm.tasks = List.of(task("app", "10.0.0.2"));
        swarm.failure = new DockerApiException("GET tcp://socket-proxy:2375/networks: Connection refused", 0, null);
        List<ProviderSnapshot> published = new CopyOnWriteArrayList<>();
        SwarmProvider provider = new SwarmProvider(settings, swarm, Clock.systemUTC(), new SplittableRandom(5));
        provider.start(published::add);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> provider.status().health() == ProviderStatus.Health.FAILED);
            assertThat(provider.status().detail()).contains("Connection refused");
            assertThat(published).isEmpty();

            swarm.failure = null;
            await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 1);
            assertThat(published.getFirst().provider()).isEqualTo("docker");
            assertThat(published.getFirst().config().http().routers()).containsOnlyKeys("app");
            assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.OK);
            int reads = swarm.taskReads.get();
            swarm.tasks = List.of();
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> swarm.taskReads.get() == reads);
            assertThat(swarm.eventStreamsOpened.get()).isZero();
        } finally {
            provider.stop();
        }
    }
}
