package io.swarmedge.docker;

import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.dockerQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.staticconfig.Providers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Drill 3 at the provider: the only task of a service is replaced ({@code stop-first}, as when its
 * node is drained). The service keeps its router the whole time, with no server while no task runs
 * (the proxy holds requests then), and the new task's address arrives; scaled to zero, it goes away.
 */
class SingleReplicaMoveIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<String> servers(ProviderSnapshot snapshot) {
        if (!(snapshot.config().http().services().get("app") instanceof LoadBalancerService lb)) {
            return List.of();
        }
        return lb.servers().stream().map(Server::url).map(Object::toString).toList();
    }

    private static boolean routed(ProviderSnapshot snapshot) {
        return snapshot.config().http().routers().containsKey("app");
    }

    @Test
    void aMovingTaskKeepsItsRouterAndScaledToZeroItGoesAway() throws IOException {
        LocalDocker.requireSwarm();
        LocalDocker.ensureSleepImage();
        String run = "sedtest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String network = run + "-net";
        String service = run + "-app";
        docker("network", "create", "--driver", "overlay", "--attachable", network);
        Providers.SwarmProvider settings = new Providers.SwarmProvider(
                true,
                LocalDocker.endpoint().toString(),
                false,
                "Host(`{{ normalize .Name }}`)",
                "",
                network,
                false,
                Duration.ofSeconds(15),
                "traefik",
                true,
                List.of());
        AtomicReference<ProviderSnapshot> latest = new AtomicReference<>();
        List<ProviderSnapshot> history = new CopyOnWriteArrayList<>();
        SwarmProvider provider = new SwarmProvider(settings);
        try {
            provider.start(snapshot -> {
                latest.set(snapshot);
                history.add(snapshot);
            });
            docker(
                    "service",
                    "create",
                    "--detach",
                    "--no-resolve-image",
                    "--name",
                    service,
                    "--network",
                    network,
                    "--endpoint-mode",
                    "dnsrr",
                    "--init",
                    "--stop-grace-period",
                    "1s",
                    "--replicas",
                    "1",
                    "--label",
                    "traefik.enable=true",
                    "--label",
                    "traefik.http.routers.app.rule=Host(`app.localhost`)",
                    "--label",
                    "traefik.http.services.app.loadbalancer.server.port=8080",
                    LocalDocker.SLEEP_IMAGE);
            await().atMost(WAIT)
                    .until(() -> latest.get() != null && servers(latest.get()).size() == 1);
            List<String> before = servers(latest.get());
            int from = history.size();

            docker("service", "update", "--detach", "--force", "--update-order", "stop-first", service);
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> docker("service", "inspect", "--format", "{{.UpdateStatus.State}}", service)
                            .equals("completed"));
            await().atMost(WAIT)
                    .until(() -> servers(latest.get()).size() == 1
                            && !servers(latest.get()).equals(before));

            List<ProviderSnapshot> during = history.subList(from, history.size());
            assertThat(during).as("snapshots during the move").allMatch(SingleReplicaMoveIT::routed);
            assertThat(during)
                    .as("a snapshot with the router and no server (the task was moving)")
                    .anyMatch(s -> servers(s).isEmpty());

            docker("service", "scale", "--detach", service + "=0");
            await().atMost(WAIT).until(() -> !routed(latest.get()));
        } finally {
            provider.stop();
            dockerQuietly("service", "rm", service);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                dockerQuietly("network", "rm", network);
                return docker("network", "ls", "-q", "--filter", "name=" + network)
                        .isBlank();
            });
        }
    }
}
