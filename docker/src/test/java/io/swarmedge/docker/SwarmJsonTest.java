package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of JSON captured from a Docker 20.10 single-node swarm (src/test/resources/swarm). */
class SwarmJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SwarmJsonTest.class.getResourceAsStream("/swarm/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void networksAreKeyedByIdWithTheirFlags() throws IOException {
        Map<String, SwarmNetwork> networks = SwarmJson.networks(fixture("networks.json"));

        SwarmNetwork test = networks.get("mw0kffyg9nhhgquu2hu8z42dj");
        assertThat(test)
                .isEqualTo(new SwarmNetwork(
                        "mw0kffyg9nhhgquu2hu8z42dj",
                        "sedtest-net",
                        "overlay",
                        "swarm",
                        false,
                        true,
                        false,
                        Map.of("io.swarmedge.test", "1")));
        assertThat(networks.values())
                .filteredOn(SwarmNetwork::ingress)
                .extracting(SwarmNetwork::name)
                .containsExactly("ingress");
        assertThat(networks).hasSize(6);
    }

    @Test
    void servicesCarryTheirSpecLabelsEndpointModeAndNamedVirtualIps() throws IOException {
        Map<String, SwarmNetwork> networks = SwarmJson.networks(fixture("networks.json"));
        List<SwarmService> services = SwarmJson.services(fixture("services.json"), networks);

        assertThat(services).extracting(SwarmService::name).containsExactlyInAnyOrder("sedtest-svc", "sedtest-vip");
        SwarmService dnsrr = services.stream()
                .filter(s -> s.name().equals("sedtest-svc"))
                .findFirst()
                .orElseThrow();
        assertThat(dnsrr.labels())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("traefik.enable", "true", "traefik.http.routers.a.rule", "Host(`a.localhost`)"));
        assertThat(dnsrr.endpointMode()).isEqualTo(EndpointMode.DNSRR);
        assertThat(dnsrr.mode()).isEqualTo(new ServiceMode.Replicated(2));
        assertThat(dnsrr.virtualIps()).isEmpty();
        assertThat(dnsrr.tasks()).isEmpty();

        SwarmService vip = services.stream()
                .filter(s -> s.name().equals("sedtest-vip"))
                .findFirst()
                .orElseThrow();
        assertThat(vip.endpointMode()).isEqualTo(EndpointMode.VIP);
        assertThat(vip.virtualIps())
                .containsExactly(new VirtualIp("mw0kffyg9nhhgquu2hu8z42dj", "sedtest-net", "10.0.4.4"));
    }

    @Test
    void serviceModesTellWhetherSwarmWantsTasks() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(SwarmJson.mode(json.readTree("{\"Replicated\":{\"Replicas\":0}}")))
                .isEqualTo(new ServiceMode.Replicated(0))
                .matches(m -> !m.wantsTasks());
        assertThat(SwarmJson.mode(json.readTree("{\"Replicated\":{}}"))).isEqualTo(new ServiceMode.Replicated(1));
        assertThat(SwarmJson.mode(json.readTree("{\"Global\":{}}")))
                .isEqualTo(new ServiceMode.Global())
                .matches(ServiceMode::wantsTasks);
        assertThat(SwarmJson.mode(json.readTree("{\"ReplicatedJob\":{\"MaxConcurrent\":1}}")))
                .isEqualTo(new ServiceMode.Job());
        assertThat(SwarmJson.mode(json.readTree("{\"GlobalJob\":{}}"))).matches(m -> !m.wantsTasks());
    }

    @Test
    void tasksCarryStatesSlotsAndAddressesByNetworkName() throws IOException {
        List<SwarmReader.ServiceTaskRef> tasks = SwarmJson.tasks(fixture("tasks.json"));

        assertThat(tasks).hasSize(3);
        assertThat(tasks).allSatisfy(ref -> {
            assertThat(ref.task().state()).isEqualTo(TaskState.RUNNING);
            assertThat(ref.task().desiredState()).isEqualTo(TaskState.RUNNING);
            assertThat(ref.task().routable()).isTrue();
            assertThat(ref.task().nodeId()).isEqualTo("t61rt52mcwgdsrzpal6eev7qr");
            assertThat(ref.task().addressesOn("sedtest-net"))
                    .singleElement()
                    .asString()
                    .matches("10\\.0\\.4\\.\\d+");
        });
        List<SwarmReader.ServiceTaskRef> svc = tasks.stream()
                .filter(t -> t.serviceId().equals("i76g4cau5tont9hjp8fvisn97"))
                .toList();
        assertThat(svc).extracting(t -> t.task().slot()).containsExactly(1, 2);
        assertThat(svc.get(1).task().id()).isEqualTo("8a363m2mhlw63s4732we3ye8m");
        assertThat(svc.get(1).task().addresses()).isEqualTo(Map.of("sedtest-net", List.of("10.0.4.3")));
    }

    @Test
    void nodesCarryRoleAvailabilityStateAndLeadership() throws IOException {
        assertThat(SwarmJson.nodes(fixture("nodes.json")))
                .containsExactly(new SwarmNode(
                        "t61rt52mcwgdsrzpal6eev7qr",
                        "vm",
                        SwarmNode.Role.MANAGER,
                        SwarmNode.Availability.ACTIVE,
                        SwarmNode.State.READY,
                        "127.0.0.1",
                        true,
                        Map.of()));
    }

    @Test
    void partialOrUnexpectedObjectsReadAsEmptyInsteadOfFailing() throws IOException {
        JsonNode odd = JSON.readTree("""
                [{}, {"ID": "t1", "ServiceID": "s1", "Status": {"State": "warping"}, "DesiredState": "running",
                  "NetworksAttachments": [{"Network": {"ID": "n1"}, "Addresses": ["10.1.0.7/16", "fd00::7/64"]}]},
                 {"ID": "t2"}]
                """);
        List<SwarmReader.ServiceTaskRef> tasks = SwarmJson.tasks(odd);

        assertThat(tasks).singleElement().satisfies(ref -> {
            assertThat(ref.task().state()).isEqualTo(TaskState.UNKNOWN);
            assertThat(ref.task().routable()).isFalse();
            assertThat(ref.task().slot()).isZero(); // a global service's task has no slot
            assertThat(ref.task().addresses()).isEqualTo(Map.of("n1", List.of("10.1.0.7", "fd00::7")));
        });
        assertThat(SwarmJson.services(JSON.readTree("{\"message\": \"not a list\"}"), Map.of()))
                .isEmpty();
        assertThat(SwarmJson.services(JSON.readTree("[{\"ID\": \"s1\"}]"), Map.of()))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.name()).isEqualTo("s1");
                    assertThat(s.endpointMode()).isEqualTo(EndpointMode.VIP);
                    assertThat(s.labels()).isEmpty();
                });
    }
}
