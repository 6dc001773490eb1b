package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.staticconfig.Providers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmConfigBuilderTest {
    private static final Map<String, String> WHOAMI_LABELS = Map.of(
            "traefik.enable", "true",
            "traefik.http.routers.whoami.rule", "Host(`whoami.localhost`)",
            "traefik.http.routers.whoami.entrypoints", "web",
            "traefik.http.services.whoami.loadbalancer.server.port", "80",
            "com.docker.stack.namespace", "swarmedge");
    private static final SwarmNetwork WEB =
            new SwarmNetwork("n1", "web-servers", "overlay", "swarm", false, true, false, Map.of());
    private static final SwarmNetwork INGRESS =
            new SwarmNetwork("n0", "ingress", "overlay", "swarm", false, false, true, Map.of());

    private static Providers.SwarmProvider settings(boolean exposedByDefault, String network, boolean allowEmpty) {
        return settings(exposedByDefault, network, allowEmpty, "");
    }

    private static Providers.SwarmProvider settings(
            boolean exposedByDefault, String network, boolean allowEmpty, String constraints) {
        return new Providers.SwarmProvider(
                true,
                "tcp://socket-proxy:2375",
                exposedByDefault,
                "Host(`{{ normalize .Name }}`)",
                constraints,
                network,
                allowEmpty,
                Duration.ofSeconds(15),
                "traefik",
                true,
                List.of());
    }

    private static SwarmTask task(String id, int slot, TaskState desired, Map<String, List<String>> addresses) {
        return new SwarmTask(id, slot, "node1", TaskState.RUNNING, desired, addresses);
    }

    private static SwarmSnapshot swarm(SwarmService... services) {
        return new SwarmSnapshot(List.of(services), Map.of("n1", WEB, "n0", INGRESS), List.of());
    }

    private static List<String> servers(ProviderSnapshot snapshot, String service) {
        return ((LoadBalancerService) snapshot.config().http().services().get(service))
                .servers().stream().map(Server::url).map(Object::toString).toList();
    }

    @Test
    void routesToTheRoutableTasksOnTheProvidersNetwork() {
        SwarmService whoami = new SwarmService(
                "s1",
                "swarmedge_whoami",
                WHOAMI_LABELS,
                EndpointMode.DNSRR,
                List.of(),
                List.of(
                        task("t1", 1, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.5"))),
                        task("t2", 2, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.6"))),
                        // being stopped by Swarm: not routed to although its container still runs
                        task("t3", 3, TaskState.SHUTDOWN, Map.of("web-servers", List.of("10.0.1.7")))));

        ProviderSnapshot snapshot =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", false)).build(swarm(whoami));

        assertThat(snapshot.provider()).isEqualTo("swarm");
        assertThat(snapshot.errors()).isEmpty();
        assertThat(snapshot.config().http().routers().get("whoami").rule()).isEqualTo("Host(`whoami.localhost`)");
        assertThat(snapshot.config().http().routers().get("whoami").entryPoints())
                .containsExactly("web");
        assertThat(servers(snapshot, "whoami")).containsExactly("http://10.0.1.5:80", "http://10.0.1.6:80");
    }

    @Test
    void findsTheNetworkFromTheLabelTheStackPrefixOrTheOnlyOneTheTasksShare() {
        Map<String, String> labels = Map.of(
                "traefik.enable", "true",
                "traefik.swarm.network", "back",
                "traefik.http.services.api.loadbalancer.server.port", "8080",
                "com.docker.stack.namespace", "shop");
        SwarmService api = new SwarmService(
                "s2",
                "shop_api",
                labels,
                EndpointMode.DNSRR,
                List.of(),
                List.of(task(
                        "t1",
                        1,
                        TaskState.RUNNING,
                        Map.of("shop_back", List.of("10.0.2.9"), "web-servers", List.of("10.0.1.9")))));
        ProviderSnapshot byLabel =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", false)).build(swarm(api));
        assertThat(servers(byLabel, "api")).containsExactly("http://10.0.2.9:8080");

        SwarmService single = new SwarmService(
                "s3",
                "solo",
                Map.of("traefik.http.services.solo.loadbalancer.server.port", "3000"),
                EndpointMode.DNSRR,
                List.of(),
                List.of(task(
                        "t1",
                        1,
                        TaskState.RUNNING,
                        Map.of("ingress", List.of("10.255.0.4"), "solo_default", List.of("10.0.3.4")))));
        ProviderSnapshot byDefault = new SwarmConfigBuilder("swarm", settings(true, "", false)).build(swarm(single));
        assertThat(servers(byDefault, "solo")).containsExactly("http://10.0.3.4:3000");
        assertThat(byDefault.config().http().routers().get("solo").rule()).isEqualTo("Host(`solo`)");
    }

    @Test
    void lbswarmRoutesToTheVirtualIp() {
        SwarmService vip = new SwarmService(
                "s4",
                "vipped",
                Map.of(
                        "traefik.enable", "true",
                        "traefik.swarm.lbswarm", "true",
                        "traefik.http.services.vipped.loadbalancer.server.port", "80"),
                EndpointMode.VIP,
                List.of(new VirtualIp("n1", "web-servers", "10.0.1.2")),
                List.of(task("t1", 1, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.3")))));
        ProviderSnapshot snapshot =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", false)).build(swarm(vip));
        assertThat(servers(snapshot, "vipped")).containsExactly("http://10.0.1.2:80");
    }

    @Test
    void unexposedOrTaskLessServicesAreLeftOutUnlessEmptyServicesAreAllowed() {
        SwarmService hidden = new SwarmService(
                "s5",
                "hidden",
                Map.of("traefik.http.services.h.loadbalancer.server.port", "80"),
                EndpointMode.DNSRR,
                List.of(),
                List.of(task("t1", 1, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.8")))));
        SwarmService idle =
                new SwarmService("s6", "swarmedge_whoami", WHOAMI_LABELS, EndpointMode.DNSRR, List.of(), List.of());

        ProviderSnapshot strict =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", false)).build(swarm(hidden, idle));
        assertThat(strict.config().http().routers()).isEmpty();
        assertThat(strict.config().http().services()).isEmpty();

        ProviderSnapshot lenient =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", true)).build(swarm(hidden, idle));
        assertThat(lenient.config().http().routers()).containsOnlyKeys("whoami");
        assertThat(servers(lenient, "whoami")).isEmpty();
    }

    @Test
    void aServiceWhoseTaskIsMovingKeepsItsRoutersWithoutServersButOneScaledToZeroGoesAway() {
        SwarmService moving = new SwarmService(
                "s6",
                "swarmedge_whoami",
                WHOAMI_LABELS,
                EndpointMode.DNSRR,
                List.of(),
                List.of(new SwarmTask(
                        "t2", 1, "node2", TaskState.STARTING, TaskState.RUNNING, Map.of("web-servers", List.of()))),
                new ServiceMode.Replicated(1));
        SwarmService global = new SwarmService(
                "s8",
                "swarmedge_edge",
                Map.of(
                        "traefik.enable", "true",
                        "traefik.http.routers.edge.rule", "Host(`edge.localhost`)",
                        "traefik.http.services.edge.loadbalancer.server.port", "80"),
                EndpointMode.DNSRR,
                List.of(),
                List.of(),
                new ServiceMode.Global());
        SwarmService scaledDown = new SwarmService(
                "s9",
                "swarmedge_off",
                Map.of(
                        "traefik.enable", "true",
                        "traefik.http.routers.off.rule", "Host(`off.localhost`)",
                        "traefik.http.services.off.loadbalancer.server.port", "80"),
                EndpointMode.DNSRR,
                List.of(),
                List.of(),
                new ServiceMode.Replicated(0));

        ProviderSnapshot snapshot = new SwarmConfigBuilder("swarm", settings(false, "web-servers", false))
                .build(swarm(moving, global, scaledDown));

        assertThat(snapshot.config().http().routers()).containsOnlyKeys("whoami", "edge");
        assertThat(servers(snapshot, "whoami")).isEmpty();
        assertThat(servers(snapshot, "edge")).isEmpty();
        assertThat(snapshot.errors()).isEmpty();
    }

    @Test
    void tasksOnANodeSwarmReportsDownAreLeftOut() {
        SwarmService whoami = new SwarmService(
                "s10",
                "swarmedge_whoami",
                WHOAMI_LABELS,
                EndpointMode.DNSRR,
                List.of(),
                List.of(
                        new SwarmTask(
                                "t1",
                                0,
                                "dead",
                                TaskState.RUNNING,
                                TaskState.RUNNING,
                                Map.of("web-servers", List.of("10.0.1.5"))),
                        new SwarmTask(
                                "t2",
                                0,
                                "alive",
                                TaskState.RUNNING,
                                TaskState.RUNNING,
                                Map.of("web-servers", List.of("10.0.1.6")))),
                new ServiceMode.Global());
        List<SwarmNode> nodes = List.of(
                new SwarmNode(
                        "dead",
                        "n1",
                        SwarmNode.Role.MANAGER,
                        SwarmNode.Availability.ACTIVE,
                        SwarmNode.State.DOWN,
                        "192.168.213.11",
                        false,
                        Map.of()),
                new SwarmNode(
                        "alive",
                        "n2",
                        SwarmNode.Role.MANAGER,
                        SwarmNode.Availability.ACTIVE,
                        SwarmNode.State.READY,
                        "192.168.213.12",
                        true,
                        Map.of()));
        ProviderSnapshot snapshot = new SwarmConfigBuilder("swarm", settings(false, "web-servers", false))
                .build(new SwarmSnapshot(List.of(whoami), Map.of("n1", WEB, "n0", INGRESS), nodes));
        assertThat(servers(snapshot, "whoami")).containsExactly("http://10.0.1.6:80");
    }

    @Test
    void aBadLabelNamesTheServiceAndLeavesTheOthersWorking() {
        SwarmService bad = new SwarmService(
                "s7",
                "broken",
                Map.of("traefik.enable", "true", "traefik.http.routers.b.rule", "Host(`x`"),
                EndpointMode.DNSRR,
                List.of(),
                List.of(task("t1", 1, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.11")))));
        SwarmService good = new SwarmService(
                "s1",
                "swarmedge_whoami",
                WHOAMI_LABELS,
                EndpointMode.DNSRR,
                List.of(),
                List.of(task("t2", 1, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.5")))));

        ProviderSnapshot snapshot =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", false)).build(swarm(bad, good));
        assertThat(snapshot.errors()).isNotEmpty();
        assertThat(snapshot.errors().getFirst().toString()).contains("broken");
        assertThat(servers(snapshot, "whoami")).containsExactly("http://10.0.1.5:80");
    }

    @Test
    void aServiceNotOnTheChosenNetworkIsReportedByName() {
        SwarmService detached = new SwarmService(
                "s8",
                "swarmedge_whoami",
                WHOAMI_LABELS,
                EndpointMode.DNSRR,
                List.of(),
                List.of(task("t1", 1, TaskState.RUNNING, Map.of("swarmedge_default", List.of("10.0.9.2")))));
        ProviderSnapshot snapshot =
                new SwarmConfigBuilder("swarm", settings(false, "web-servers", false)).build(swarm(detached));
        assertThat(snapshot.config().http().routers()).isEmpty();
        assertThat(snapshot.errors())
                .singleElement()
                .asString()
                .contains("swarmedge_whoami")
                .contains("not on network \"web-servers\"")
                .contains("swarmedge_default");
    }

    @Test
    void constraintsKeepOnlyTheServicesWhoseLabelsMatch() {
        SwarmService whoami = new SwarmService(
                "s1",
                "swarmedge_whoami",
                WHOAMI_LABELS,
                EndpointMode.DNSRR,
                List.of(),
                List.of(task("t1", 1, TaskState.RUNNING, Map.of("web-servers", List.of("10.0.1.5")))));

        ProviderSnapshot kept = new SwarmConfigBuilder(
                        "swarm",
                        settings(false, "web-servers", false, "Label(`com.docker.stack.namespace`, `swarmedge`)"))
                .build(swarm(whoami));
        ProviderSnapshot dropped = new SwarmConfigBuilder(
                        "swarm",
                        settings(false, "web-servers", false, "!LabelRegex(`com.docker.stack.namespace`, `^swarm`)"))
                .build(swarm(whoami));

        assertThat(kept.errors()).isEmpty();
        assertThat(servers(kept, "whoami")).containsExactly("http://10.0.1.5:80");
        assertThat(dropped.config().http().routers()).isEmpty();
    }

    @Test
    void aConstraintThatDoesNotParseIsRefusedNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SwarmConfigBuilder("swarm", settings(false, "web-servers", false, "Label(`a`")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("providers.swarm.constraints");
    }
}
