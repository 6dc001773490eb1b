package io.swarmedge.proxy.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.ServersTransport;
import io.swarmedge.config.dynamic.StickyCookie;
import io.swarmedge.proxy.transport.IoTransport;
import io.swarmedge.proxy.upstream.Upstream;
import io.swarmedge.proxy.upstream.UpstreamKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnavailableHoldTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Upstream server = new Upstream(
            new UpstreamKey(
                    URI.create("http://10.0.0.1:80"),
                    new ServersTransport("", false, List.of(), 2, Duration.ZERO, Duration.ZERO, Duration.ZERO)),
            new InetSocketAddress("10.0.0.1", 80),
            IoTransport.best(),
            System::nanoTime);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private LoadBalancer balancer(UnavailableHold hold, Upstream... servers) {
        List<Endpoint> endpoints = java.util.Arrays.stream(servers)
                .map(u -> new Endpoint(
                        u, 1, "", "v", ServerHealth.ALWAYS_UP, u.url().toString()))
                .toList();
        return new LoadBalancer(
                "app@file",
                endpoints,
                LoadBalancerService.Strategy.WRR,
                true,
                StickyCookie.NONE,
                Duration.ZERO,
                RandomGenerator.getDefault(),
                hold);
    }

    private UnavailableHold.Waiter waiter(String name) {
        return new UnavailableHold.Waiter() {
            @Override
            public void serverAvailable(ServiceBalancer balancer) {
                assertThat(loop.inEventLoop()).isTrue();
                events.add(name + " resumed with " + balancer.usableServers() + " server(s)");
            }

            @Override
            public void holdEnded(String reason) {
                assertThat(loop.inEventLoop()).isTrue();
                events.add(name + " ended: " + reason);
            }
        };
    }

    @Test
    void aRuntimeWithAServerResumesTheWaitersOfItsServiceOnly() {
        UnavailableHold hold = new UnavailableHold(Duration.ofSeconds(10), 10);
        hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("a"));
        hold.park("other@file", List.of(), loop, System.nanoTime(), waiter("b"));

        hold.runtimeApplied(Map.of("app@file", balancer(hold, server), "other@file", balancer(hold)));

        await().until(() -> events.size() == 1);
        assertThat(events).containsExactly("a resumed with 1 server(s)");
        assertThat(hold.parked("app@file")).isZero();
        assertThat(hold.parked("other@file")).isOne();
    }

    @Test
    void aRequestThatFailedOnTheOnlyServerWaitsForAnotherOne() {
        UnavailableHold hold = new UnavailableHold(Duration.ofSeconds(10), 10);
        hold.park("app@file", List.of(server), loop, System.nanoTime(), waiter("a"));

        hold.runtimeApplied(Map.of("app@file", balancer(hold, server)));
        assertThat(hold.parked("app@file"))
                .as("the same failed server is no reason to resume")
                .isOne();

        Upstream fresh = new Upstream(
                new UpstreamKey(URI.create("http://10.0.0.2:80"), server.key().transport()),
                new InetSocketAddress("10.0.0.2", 80),
                IoTransport.best(),
                System::nanoTime);
        hold.runtimeApplied(Map.of("app@file", balancer(hold, server, fresh)));
        await().until(() -> events.size() == 1);
        assertThat(events).containsExactly("a resumed with 2 server(s)");
    }

    @Test
    void theHoldEndsAfterItsTimeAndWhenTheServiceIsRemoved() {
        List<String> reported = new CopyOnWriteArrayList<>();
        List<java.util.function.IntSupplier> gauges = new CopyOnWriteArrayList<>();
        UnavailableHold hold = new UnavailableHold(
                Duration.ofMillis(200),
                10,
                UnavailableHold.Observer.of(
                        (service, parked) -> {
                            reported.add("waiting " + service);
                            gauges.add(parked);
                        },
                        service -> reported.add("expired " + service)));
        long start = System.nanoTime();
        hold.park("app@file", List.of(), loop, start, waiter("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(190).toNanos());
        assertThat(events.getFirst())
                .isEqualTo("a ended: no server of service \"app@file\" became available within 200 ms");
        assertThat(reported).containsExactly("waiting app@file", "expired app@file");
        assertThat(gauges.getFirst().getAsInt()).isZero();
        assertThat(hold.park("app@file", List.of(), loop, start, waiter("late")))
                .as("parking again does not extend the hold")
                .isEmpty();

        hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("b"));
        hold.runtimeApplied(Map.of());
        await().until(() -> events.size() == 2);
        assertThat(events.get(1)).isEqualTo("b ended: service \"app@file\" was removed");
    }

    @Test
    void theLimitRefusesAndACancelledRequestFreesItsPlaceWithoutBeingTold() {
        UnavailableHold hold = new UnavailableHold(Duration.ofSeconds(10), 2);
        Optional<UnavailableHold.Parked> first = hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("a"));
        hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("b"));
        assertThat(hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("c")))
                .isEmpty();

        first.orElseThrow().cancel();
        assertThat(hold.parked("app@file")).isOne();
        assertThat(hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("d")))
                .isPresent();

        hold.runtimeApplied(Map.of("app@file", balancer(hold, server)));
        await().until(() -> events.size() == 2);
        assertThat(events).containsExactlyInAnyOrder("b resumed with 1 server(s)", "d resumed with 1 server(s)");
    }

    @Test
    void aRequestParkedJustAfterTheRuntimeThatServesItIsResumedAtOnce() {
        UnavailableHold hold = new UnavailableHold(Duration.ofSeconds(10), 10);
        hold.runtimeApplied(Map.of("app@file", balancer(hold, server)));
        // The request picked on the previous runtime (no server) and parks after the swap.
        hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("a"));
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 1);
        assertThat(events).containsExactly("a resumed with 1 server(s)");
    }

    @Test
    void endAllAnswersEveryWaiterOnceAndFreesTheirPlaces() {
        UnavailableHold hold = new UnavailableHold(Duration.ofSeconds(10), 10);
        hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("a"));
        hold.park("other@file", List.of(), loop, System.nanoTime(), waiter("b"));

        assertThat(hold.endAll("shutting down")).isEqualTo(2);
        await().until(() -> events.size() == 2);
        assertThat(events).containsExactlyInAnyOrder("a ended: shutting down", "b ended: shutting down");
        assertThat(hold.parked("app@file")).isZero();
        assertThat(hold.parked("other@file")).isZero();

        hold.runtimeApplied(Map.of("app@file", balancer(hold, server)));
        assertThat(hold.endAll("again")).isZero();
        assertThat(events).as("an ended request is told nothing more").hasSize(2);
    }

    @Test
    void disabledParksNothing() {
        UnavailableHold hold = UnavailableHold.disabled();
        assertThat(hold.park("app@file", List.of(), loop, System.nanoTime(), waiter("a")))
                .isEmpty();
        assertThat(new UnavailableHold(Duration.ZERO, 1000).enabled()).isFalse();
    }
}
