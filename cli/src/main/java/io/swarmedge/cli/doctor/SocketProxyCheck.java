package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Docker socket proxy is reachable only from the proxy's side: it publishes no port, is not on
 * the public network or the ingress, shares its networks only with the proxy, and the proxy does
 * reach it. A proxy that mounts the Docker socket itself defeats the point.
 */
public final class SocketProxyCheck implements Check {
    static final String AREA = "socket-proxy";
    private static final String DOCKER_SOCKET = "docker.sock";
    /** Where swarmedge's proxy and Traefik (v2 docker, v3 swarm provider) take the Docker endpoint. */
    private static final List<String> ENDPOINT_OPTIONS =
            List.of("--providers.swarm.endpoint", "--providers.docker.endpoint");

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        List<ServiceInfo> socketProxies = Role.in(snapshot, Role.SOCKET_PROXY);
        List<ServiceInfo> proxies = Role.in(snapshot, Role.PROXY);
        for (ServiceInfo proxy : proxies) {
            if (proxy.mounts().stream().anyMatch(m -> m.source().endsWith(DOCKER_SOCKET))) {
                findings.add(Finding.fail(
                        AREA,
                        "proxy " + proxy.name() + " mounts the Docker socket itself: whoever takes over the"
                                + " internet-facing proxy controls Docker, i.e. every node",
                        "remove the docker.sock mount from " + proxy.name()
                                + " and read the API through the socket proxy (--providers.swarm.endpoint="
                                + "tcp://socket-proxy:2375)"));
            }
        }
        if (socketProxies.isEmpty()) {
            findings.add(Finding.warn(
                    AREA,
                    "no socket proxy service found" + scopeNote(snapshot)
                            + " (looked for a socket-proxy command, tecnativa/docker-socket-proxy image or"
                            + " label " + Role.LABEL + "=socket-proxy)",
                    "deploy deploy/swarmedge-stack.yml (swarmedge up), or label your own: " + Role.LABEL
                            + "=socket-proxy"));
            return findings;
        }
        endpoints(snapshot, proxies, socketProxies, findings);
        String publicNetwork = snapshot.scope().network();
        for (ServiceInfo socketProxy : socketProxies) {
            String name = "socket proxy " + socketProxy.name();
            int before = findings.size();
            if (!socketProxy.ports().isEmpty()) {
                findings.add(Finding.fail(
                        AREA,
                        name + " publishes " + socketProxy.ports()
                                + ": anyone who reaches those ports can use the Docker API",
                        "remove the ports: section of " + socketProxy.name()
                                + " (docker service update --publish-rm <port> " + socketProxy.name() + ")"));
            }
            if (socketProxy.hostNetwork()) {
                findings.add(Finding.fail(
                        AREA,
                        name + " runs on the host network: it listens on every address of its node",
                        "attach it to an internal overlay network shared only with the proxy"));
            }
            Set<String> networks = new TreeSet<>(socketProxy.networkIds());
            for (String networkId : networks) {
                NetworkInfo network = snapshot.network(networkId).orElse(null);
                String networkName = network == null ? networkId : network.name();
                if (networkName.equals(publicNetwork) || (network != null && network.ingress())) {
                    findings.add(Finding.fail(
                            AREA,
                            name + " is attached to " + networkName
                                    + ": every service on that network can use the Docker API",
                            "attach " + socketProxy.name() + " only to an internal network it shares with the"
                                    + " proxy (docker service update --network-rm " + networkName + " "
                                    + socketProxy.name() + ")"));
                    continue;
                }
                List<String> others = snapshot.services().stream()
                        .filter(s -> !s.id().equals(socketProxy.id()))
                        .filter(s -> s.networkIds().contains(networkId)
                                || (network != null && s.networkIds().contains(network.name())))
                        .filter(s -> Role.of(s) != Role.PROXY)
                        .map(ServiceInfo::name)
                        .toList();
                if (!others.isEmpty()) {
                    findings.add(Finding.fail(
                            AREA,
                            name + " shares network " + networkName + " with " + String.join(", ", others)
                                    + ", which can use the Docker API through it",
                            "give the socket proxy a network of its own that only the proxy joins"));
                }
                if (network != null && !network.internal()) {
                    findings.add(Finding.warn(
                            AREA,
                            name + "'s network " + networkName
                                    + " is not internal: the socket proxy could open connections out",
                            "declare it internal: true in the stack file (recreate the network)"));
                }
            }
            List<ServiceInfo> reaching = proxies.stream()
                    .filter(p -> p.networkIds().stream().anyMatch(networks::contains))
                    .toList();
            if (proxies.isEmpty()) {
                findings.add(Finding.warn(
                        AREA,
                        name + ": no proxy service found to reach it" + scopeNote(snapshot),
                        "deploy the proxy on a network shared with " + socketProxy.name()));
            } else if (reaching.isEmpty()) {
                findings.add(Finding.fail(
                        AREA,
                        name + " shares no network with the proxy ("
                                + String.join(
                                        ", ",
                                        proxies.stream().map(ServiceInfo::name).toList())
                                + "): the proxy cannot read services and routes nothing new",
                        "attach the proxy to " + String.join(", ", snapshot.networkNames(socketProxy))));
            }
            if (findings.size() == before) {
                findings.add(Finding.ok(
                        AREA,
                        name + " publishes no port and is reachable only on "
                                + String.join(", ", snapshot.networkNames(socketProxy)) + ", from "
                                + String.join(
                                        ", ",
                                        reaching.stream().map(ServiceInfo::name).toList())));
            }
            if (!socketProxy.constraints().stream()
                    .map(c -> c.replace(" ", ""))
                    .anyMatch(c -> c.equals("node.role==manager"))) {
                findings.add(Finding.warn(
                        AREA,
                        name + " is not constrained to managers: on a worker its engine cannot answer for the swarm"
                                + " (services, tasks, nodes)",
                        "add the placement constraint node.role == manager"));
            }
            long running = snapshot.tasksOf(socketProxy).stream()
                    .filter(t -> t.wanted() && t.running())
                    .count();
            if (running == 0) {
                findings.add(Finding.fail(
                        AREA,
                        name + " has no running task" + TaskWords.lastProblem(snapshot, socketProxy)
                                + ": the proxy keeps its last configuration but sees no change",
                        "docker service ps --no-trunc " + socketProxy.name() + " shows why"));
            } else {
                findings.add(Finding.ok(AREA, name + ": " + running + " running task" + (running == 1 ? "" : "s")));
            }
        }
        return findings;
    }

    /** Proxies whose Docker endpoint names a host that is none of the socket proxies. */
    private static void endpoints(
            ClusterSnapshot snapshot,
            List<ServiceInfo> proxies,
            List<ServiceInfo> socketProxies,
            List<Finding> findings) {
        for (ServiceInfo proxy : proxies) {
            for (String option : ENDPOINT_OPTIONS) {
                String endpoint = proxy.argument(option);
                if (endpoint.startsWith("unix://")) {
                    findings.add(Finding.fail(
                            AREA,
                            "proxy " + proxy.name() + " reads the Docker API from " + endpoint + " (" + option
                                    + "), not through the socket proxy",
                            "set " + option + "=tcp://socket-proxy:2375 and remove the docker.sock mount"));
                } else if (endpoint.startsWith("tcp://") || endpoint.startsWith("http://")) {
                    // by hand: java.net.URI refuses the '_' of stack service names as a host
                    String host =
                            endpoint.substring(endpoint.indexOf("://") + 3).split("[:/]", 2)[0];
                    boolean known = socketProxies.stream().anyMatch(s -> names(s).contains(host));
                    if (!known) {
                        findings.add(Finding.warn(
                                AREA,
                                "proxy " + proxy.name() + " reads the Docker API from " + endpoint + " (" + option
                                        + "), which names none of the socket proxies ("
                                        + String.join(
                                                ", ",
                                                socketProxies.stream()
                                                        .map(ServiceInfo::name)
                                                        .toList())
                                        + ")",
                                "point " + option
                                        + " at the socket proxy's service name, e.g. tcp://socket-proxy:2375"));
                    }
                }
            }
        }
    }

    /** The DNS names a service answers to on its stack's networks: its name, its name within the stack, tasks.*. */
    private static List<String> names(ServiceInfo service) {
        String shortName = !service.stack().isEmpty() && service.name().startsWith(service.stack() + "_")
                ? service.name().substring(service.stack().length() + 1)
                : service.name();
        return List.of(service.name(), shortName, "tasks." + service.name(), "tasks." + shortName);
    }

    static String scopeNote(ClusterSnapshot snapshot) {
        return snapshot.scope().stacks().isEmpty()
                ? ""
                : " in stack" + (snapshot.scope().stacks().size() == 1 ? " " : "s ")
                        + String.join(", ", snapshot.scope().stacks());
    }
}
