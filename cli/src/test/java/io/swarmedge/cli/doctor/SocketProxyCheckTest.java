package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketProxyCheckTest {
    private final SocketProxyCheck check = new SocketProxyCheck();

    @Test
    void theEdgeStacksSocketProxyIsReachableOnlyFromTheProxy() {
        List<Finding> findings = check.check(Snapshots.recorded().edge());

        assertThat(findings).extracting(Finding::status).containsOnly(Status.OK);
        assertThat(findings.getFirst().message())
                .isEqualTo("socket proxy edge_socket-proxy publishes no port and is reachable only on sock,"
                        + " from edge_proxy");
        assertThat(findings.getLast().message()).isEqualTo("socket proxy edge_socket-proxy: 1 running task");
    }

    @Test
    void aPublishedSocketProxyOnThePublicNetworkFails() {
        List<Finding> findings = check.check(Snapshots.recorded().snapshot("web", "broken"));

        assertThat(Snapshots.of(findings, Status.FAIL))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("publishes [12375->2375/tcp (host)]"))
                .anySatisfy(m -> assertThat(m).contains("is attached to web: every service on that network"))
                .anySatisfy(m -> assertThat(m).contains("shares no network with the proxy (broken_proxy)"));
    }

    @Test
    void anotherServiceOnTheSocketProxysNetworkFails() {
        Snapshots cluster = Snapshots.recorded();
        ObjectNode app = cluster.service("edge_app");
        String sock = cluster.network("sock").path("Id").asText();
        ((com.fasterxml.jackson.databind.node.ArrayNode)
                        app.path("Spec").path("TaskTemplate").path("Networks"))
                .addObject()
                .put("Target", sock);

        assertThat(Snapshots.of(check.check(cluster.edge()), Status.FAIL))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("shares network sock with edge_app, which can use the Docker API"));
    }

    @Test
    void aProxyMountingTheDockerSocketFails() {
        Snapshots cluster = Snapshots.recorded();
        ((com.fasterxml.jackson.databind.node.ArrayNode) cluster.service("edge_proxy")
                        .path("Spec")
                        .path("TaskTemplate")
                        .path("ContainerSpec")
                        .withArrayProperty("Mounts"))
                .addObject()
                .put("Type", "bind")
                .put("Source", "/var/run/docker.sock")
                .put("Target", "/var/run/docker.sock");

        assertThat(Snapshots.of(check.check(cluster.edge()), Status.FAIL))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("proxy edge_proxy mounts the Docker socket itself"));
    }

    private static Snapshots proxyArgs(String... args) {
        Snapshots cluster = Snapshots.recorded();
        var list = (com.fasterxml.jackson.databind.node.ArrayNode) cluster.service("edge_proxy")
                .path("Spec")
                .path("TaskTemplate")
                .path("ContainerSpec")
                .path("Args");
        for (String arg : args) {
            list.add(arg);
        }
        return cluster;
    }

    @Test
    void theProxysDockerEndpointMustNameTheSocketProxy() {
        assertThat(check.check(proxyArgs("--providers.swarm.endpoint=tcp://socket-proxy:2375")
                        .edge()))
                .extracting(Finding::status)
                .containsOnly(Status.OK);
        assertThat(check.check(proxyArgs("--providers.docker.endpoint", "tcp://tasks.edge_socket-proxy:2375")
                        .edge()))
                .extracting(Finding::status)
                .containsOnly(Status.OK);

        assertThat(Snapshots.of(
                        check.check(proxyArgs("--providers.docker.endpoint=tcp://elsewhere:2375")
                                .edge()),
                        Status.WARN))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("reads the Docker API from tcp://elsewhere:2375 (--providers.docker.endpoint),"
                                + " which names none of the socket proxies (edge_socket-proxy)"));
        assertThat(Snapshots.of(
                        check.check(proxyArgs("--providers.swarm.endpoint=unix:///var/run/docker.sock")
                                .edge()),
                        Status.FAIL))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("not through the socket proxy"));
    }

    @Test
    void aSocketProxyOffTheManagersWarns() {
        List<Finding> findings = check.check(Snapshots.recorded().snapshot("web", "broken"));

        assertThat(Snapshots.of(findings, Status.WARN))
                .anySatisfy(f -> assertThat(f.message()).contains("is not constrained to managers"));
    }
}
