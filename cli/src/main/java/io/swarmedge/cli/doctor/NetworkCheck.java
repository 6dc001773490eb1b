package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The overlay network the proxy routes on: present, swarm-scoped overlay, attachable, encrypted. */
public final class NetworkCheck implements Check {
    static final String AREA = "network";

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        String name = snapshot.scope().network();
        String create = "docker network create --driver overlay --attachable --opt encrypted " + name;
        Optional<NetworkInfo> found =
                snapshot.networks().stream().filter(n -> n.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return List.of(Finding.fail(
                    AREA,
                    "network " + name + " does not exist: the proxy and the applications have no network in common",
                    create + " (once per swarm, before deploying the stacks)"));
        }
        NetworkInfo network = found.get();
        List<Finding> findings = new ArrayList<>();
        if (!"overlay".equals(network.driver()) || !"swarm".equals(network.scope())) {
            findings.add(Finding.fail(
                    AREA,
                    "network " + name + " is a " + network.scope() + " " + network.driver()
                            + " network: services on different nodes cannot reach each other on it",
                    "remove it (docker network rm " + name + ") and recreate it: " + create));
            return findings;
        }
        String recreate = "recreate it: remove the stacks using it, docker network rm " + name + ", " + create
                + ", deploy the stacks again";
        findings.add(Finding.ok(AREA, "network " + name + " is a swarm overlay network"));
        if (network.attachable()) {
            findings.add(Finding.ok(AREA, "network " + name + " is attachable"));
        } else {
            findings.add(Finding.warn(
                    AREA,
                    "network " + name + " is not attachable: stacks can join it, standalone containers"
                            + " (docker run --network " + name + ", e.g. for debugging) cannot",
                    recreate));
        }
        if (network.internal()) {
            findings.add(Finding.warn(
                    AREA,
                    "network " + name + " is internal: applications on it alone cannot reach the internet"
                            + " (the proxy still routes to them)",
                    "fine if intended; otherwise " + recreate));
        }
        long nodes = snapshot.nodes().size();
        if (network.encrypted()) {
            findings.add(Finding.ok(
                    AREA,
                    "network " + name + " is encrypted (IPsec between nodes): traffic from the proxy to the"
                            + " applications cannot be read on the wire; allow ESP (IP protocol 50) between nodes"));
        } else if (nodes > 1) {
            findings.add(Finding.warn(
                    AREA,
                    "network " + name + " is not encrypted: requests the proxy forwards to tasks on other nodes"
                            + " cross the hosts' network as plain VXLAN (UDP 4789), after TLS ended at the proxy;"
                            + " anyone on that network can read and inject them",
                    recreate + " (and allow ESP, IP protocol 50, between nodes)"));
        } else {
            findings.add(Finding.ok(
                    AREA,
                    "network " + name + " is not encrypted; with a single node nothing crosses the wire"
                            + " (create it with --opt encrypted before adding nodes)"));
        }
        return findings;
    }
}
