package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.provider.ProviderStatus;
import io.swarmedge.config.staticconfig.Providers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SwarmProviderTest {
    private static final Providers.SwarmProvider SETTINGS = new Providers.SwarmProvider(
            true,
            "tcp://socket-proxy:2375",
            false,
            "Host(`{{ normalize .Name }}`)",
            "",
            "web",
            false,
            Duration.ofSeconds(15),
            "traefik",
            true,
            List.of());

    private static SwarmReader.ServiceTaskRef task(String id, String network, String ip) {
        return new SwarmReader.ServiceTaskRef(
                "s1", new SwarmTask(id, 1, "n", TaskState.RUNNING, TaskState.RUNNING, Map.of(network, List.of(ip))));
    }

    @Test
    void publishesConfigurationOnlyWhenItChangesAndReportsItsHealth() {
        FakeSwarmReader swarm = new FakeSwarmReader();
        swarm.services = List.of(new SwarmService(
                "s1",
                "app",
                Map.of("traefik.enable", "true", "traefik.http.services.app.loadbalancer.server.port", "80"),
                EndpointMode.DNSRR,
                List.of(),
                List.of()));
        swarm.tasks = List.of(task("t1", "web", "10.0.0.2"));
        List<ProviderSnapshot> published = new CopyOnWriteArrayList<>();
        SwarmProvider provider = new SwarmProvider(SETTINGS, swarm, Clock.systemUTC(), new SplittableRandom(3));
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.STARTING);
        provider.start(published::add);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> provider.status().health() == ProviderStatus.Health.OK);
            assertThat(published.getFirst().config().http().routers()).containsOnlyKeys("app");

            // The task moves to a network no router uses: the raw snapshot changes, the configuration not.
            swarm.tasks = List.of(task("t1", "web", "10.0.0.2"), task("t2", "other", "10.9.0.2"));
            long seen = provider.watcherStatus().published();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> provider.watcherStatus().published() > seen);
            assertThat(published).hasSize(1);

            swarm.failure = new DockerApiException("GET tcp://socket-proxy:2375/tasks: Connection refused", 0, null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> provider.status().health() == ProviderStatus.Health.FAILED);
            assertThat(provider.status().detail())
                    .contains("Connection refused")
                    .contains("last configuration kept");
            swarm.failure = null;
            await().atMost(Duration.ofSeconds(30)).until(() -> provider.status().health() == ProviderStatus.Health.OK);
        } finally {
            provider.stop();
        }
        assertThat(provider.status().health()).isEqualTo(ProviderStatus.Health.STOPPED);
    }
}
