package io.swarmedge.docker;

import static io.swarmedge.docker.LocalDocker.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.provider.ProviderSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        AtomicReference<ProviderSnapshot> latest = new AtomicReference<>();
        List<ProviderSnapshot> history = new CopyOnWriteArrayList<>();
        try (WatchedTestNetwork watched = WatchedTestNetwork.start(snapshot -> {
            latest.set(snapshot);
            history.add(snapshot);
        })) {
            String service = watched.service;
            watched.createAppService(1);
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
        }
    }
}
