package io.swarmedge.docker;

import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.dockerQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The seed's provider form with {@code watch=false} on the real engine: objects named {@code
 * @docker}, the swarm read once at start, a later scale-up not seen (as in Traefik).
 */
class SwarmProviderReadOnceIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static int servers(ProviderSnapshot snapshot, String service) {
        return snapshot.config().http().services().get(service) instanceof LoadBalancerService lb
                ? lb.servers().size()
                : 0;
    }

    @Test
    void readsTheSwarmOnceAndNamesItsObjectsAtDocker() throws Exception {
        LocalDocker.requireSwarm();
        LocalDocker.ensureSleepImage();
        String run = "sedtest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String network = run + "-net";
        String service = run + "-app";
        String router = run + "-r";
        docker("network", "create", "--driver", "overlay", "--attachable", network);
        SwarmProvider provider = null;
        try {
            LocalDocker.createSleepService(
                    service,
                    network,
                    "--label",
                    "traefik.enable=true",
                    "--label",
                    "traefik.http.routers." + router + ".rule=Host(`" + run + ".localhost`)",
                    "--label",
                    "traefik.http.routers." + router + ".middlewares=" + run + "-h@docker",
                    "--label",
                    "traefik.http.middlewares." + run + "-h.headers.customresponseheaders.X-Run=" + run,
                    "--label",
                    "traefik.http.services." + run + ".loadbalancer.server.port=8080");
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> LocalDocker.runningTasks(service) == 1);

            Providers.SwarmProvider settings = StaticConfigLoader.load(
                            List.of(
                                    "--providers.docker=true",
                                    "--providers.docker.swarmMode=true",
                                    "--providers.docker.watch=false",
                                    "--providers.docker.endpoint=" + LocalDocker.endpoint(),
                                    "--providers.docker.exposedbydefault=false",
                                    "--providers.docker.network=" + network),
                            Map.of())
                    .providers()
                    .swarm();
            List<ProviderSnapshot> published = new CopyOnWriteArrayList<>();
            provider = new SwarmProvider(settings);
            provider.start(published::add);

            await().atMost(WAIT).until(() -> !published.isEmpty());
            ProviderSnapshot first = published.getFirst();
            assertThat(provider.name()).isEqualTo("docker");
            assertThat(first.provider()).isEqualTo("docker");
            assertThat(first.errors()).noneMatch(error -> error.toString().contains(service));
            assertThat(first.config().http().routers().get(router).middlewares())
                    .containsExactly(run + "-h@docker");
            assertThat(servers(first, run)).isEqualTo(1);

            // A second replica starts: a watching provider sees it within seconds; this one never reads again.
            docker("service", "scale", "--detach", service + "=2");
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> LocalDocker.runningTasks(service) == 2);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> published.size() == 1);
            assertThat(provider.watcherStatus().reads()).isEqualTo(1);
        } finally {
            if (provider != null) {
                provider.stop();
            }
            dockerQuietly("service", "rm", service);
            LocalDocker.removeNetwork(network);
        }
    }
}
