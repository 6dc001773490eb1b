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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Labels of a real service → routers and servers at its task addresses. */
class SwarmProviderIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<String> servers(ProviderSnapshot snapshot, String service) {
        if (!(snapshot.config().http().services().get(service) instanceof LoadBalancerService lb)) {
            return List.of();
        }
        return lb.servers().stream()
                .map(Server::url)
                .map(Object::toString)
                .sorted()
                .toList();
    }

    @Test
    void routesALabelledServiceToItsRunningTasks() throws IOException {
        AtomicReference<ProviderSnapshot> latest = new AtomicReference<>();
        AtomicBoolean emptyDuringUpdate = new AtomicBoolean();
        try (WatchedTestNetwork watched = WatchedTestNetwork.start(snapshot -> {
            if (latest.get() != null
                    && !servers(latest.get(), "app").isEmpty()
                    && servers(snapshot, "app").isEmpty()) {
                emptyDuringUpdate.set(true);
            }
            latest.set(snapshot);
        })) {
            String service = watched.service;
            watched.createAppService(2);

            await().atMost(WAIT)
                    .until(() ->
                            latest.get() != null && servers(latest.get(), "app").size() == 2);
            ProviderSnapshot two = latest.get();
            // Only this test's service: other labelled services may share the engine (other tests).
            assertThat(two.errors()).noneMatch(error -> error.toString().contains(service));
            assertThat(two.config().http().routers().get("app").rule()).isEqualTo("Host(`app.localhost`)");
            assertThat(servers(two, "app"))
                    .allSatisfy(url -> assertThat(url).matches("http://10\\.\\d+\\.\\d+\\.\\d+:8080"));

            docker("service", "scale", "--detach", service + "=3");
            await().atMost(WAIT).until(() -> servers(latest.get(), "app").size() == 3);

            // Rolling updates, both orders: the load balancer never runs out of servers, and every
            // task is replaced (no address outlives the update).
            for (String order : List.of("start-first", "stop-first")) {
                List<String> beforeUpdate = servers(latest.get(), "app");
                emptyDuringUpdate.set(false);
                docker(
                        "service",
                        "update",
                        "--detach",
                        "--force",
                        "--update-order",
                        order,
                        "--update-parallelism",
                        "1",
                        "--update-delay",
                        "0s",
                        service);
                await().atMost(WAIT)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> docker("service", "inspect", "--format", "{{.UpdateStatus.State}}", service)
                                .equals("completed"));
                await().atMost(WAIT).until(() -> servers(latest.get(), "app").size() == 3);
                assertThat(emptyDuringUpdate)
                        .as(order + ": a snapshot without servers")
                        .isFalse();
                assertThat(servers(latest.get(), "app")).as(order).doesNotContainAnyElementsOf(beforeUpdate);
            }

            docker("service", "rm", service);
            await().atMost(WAIT)
                    .until(() -> latest.get().config().http().routers().isEmpty());
        }
    }
}
