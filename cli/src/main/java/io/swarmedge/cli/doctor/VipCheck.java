package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The floating address is held by exactly one node, and that node can serve: ready, active, with a
 * running proxy task. Who holds it is asked from each node's {@code swarmedge vip} metrics ({@code
 * vip_state}), which the vip tasks serve on their node's address (they run on the host network).
 */
public final class VipCheck implements Check {
    static final String AREA = "vip";

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<ServiceInfo> vipServices = Role.in(snapshot, Role.VIP);
        List<String> addresses = snapshot.vip().addresses();
        String vip = addresses.isEmpty() ? "the VIP" : "VIP " + String.join(", ", addresses);
        if (vipServices.isEmpty()) {
            return List.of(Finding.warn(
                    AREA,
                    (addresses.isEmpty() ? "no vip service found" : vip + ": no vip service found")
                            + SocketProxyCheck.scopeNote(snapshot)
                            + "; who holds the floating address could not be determined",
                    "deploy deploy/vip/stack.yml (swarmedge vip on every manager), or --stack the stack that runs it"));
        }
        List<Finding> findings = new ArrayList<>();
        if (addresses.isEmpty()) {
            findings.add(Finding.warn(
                    AREA,
                    "the vip service's addresses were not found"
                            + (snapshot.vip().addressProblem().isEmpty()
                                    ? ""
                                    : ": " + snapshot.vip().addressProblem()),
                    "give them: swarmedge doctor --vip ADDRESS"));
        }
        for (ServiceInfo vipService : vipServices) {
            if (!vipService.hostNetwork()) {
                findings.add(Finding.fail(
                        AREA,
                        "vip service " + vipService.name() + " does not run on the host network: the address it"
                                + " claims lands in a container, not on the node",
                        "attach it to the host network (networks: [hostnet] with hostnet: {external: true, name:"
                                + " host})"));
            }
        }
        ServiceInfo service = vipServices.getFirst();
        if (snapshot.vip().probes().isEmpty()) {
            boolean keepalived = service.imageName().contains("keepalived");
            String why = keepalived
                    ? "keepalived (" + service.name() + ") exposes no VRRP state over the network"
                    : service.argument("--metrics").isEmpty()
                            ? "vip service " + service.name() + " serves no metrics (no --metrics in its command)"
                            : "no vip task of " + service.name() + " is running";
            findings.add(Finding.warn(
                    AREA,
                    vip + ": the holder could not be determined: " + why,
                    keepalived
                            ? "run swarmedge vip --keepalived-conf <the same file> --metrics 0.0.0.0:9105 instead:"
                                    + " the doctor asks each node's vip_state"
                            : service.argument("--metrics").isEmpty()
                                    ? "add --metrics 0.0.0.0:9105 to the vip command: the doctor asks each node's"
                                            + " vip_state"
                                    : "docker service ps --no-trunc " + service.name()));
            return findings;
        }
        List<VipProbe> answered =
                snapshot.vip().probes().stream().filter(VipProbe::answered).toList();
        for (VipProbe probe : snapshot.vip().probes()) {
            if (!probe.answered()) {
                findings.add(Finding.warn(
                        AREA,
                        "vip on " + snapshot.nodeName(probe.nodeId()) + ": " + probe.url() + " did not answer: "
                                + probe.error(),
                        "check that the vip task runs there and that the doctor reaches the node's address"));
            }
        }
        List<VipProbe> masters = answered.stream()
                .filter(p -> p.states().containsValue(VipProbe.MASTER))
                .toList();
        String states = answered.stream()
                .map(p -> snapshot.nodeName(p.nodeId()) + " " + describe(p.states()))
                .collect(Collectors.joining(", "));
        if (masters.size() > 1) {
            findings.add(Finding.fail(
                    AREA,
                    vip + " is claimed by " + masters.size() + " nodes (" + states
                            + "): split brain, clients reach whichever answered ARP last",
                    "the nodes do not hear each other's VRRP adverts: allow IP protocol 112 (or the unicast peers)"
                            + " between them and check that no other router uses the same vrid"));
        } else if (masters.isEmpty()) {
            boolean all = answered.size() == snapshot.vip().probes().size();
            findings.add(Finding.fail(
                    AREA,
                    vip + " is held by no node" + (all ? "" : " that answered")
                            + (states.isEmpty() ? "" : " (" + states + ")")
                            + ": clients cannot reach the swarm through it",
                    "a FAULT state means a failed check (proxy /ping, docker): see the vip task's log"
                            + " (docker service logs " + service.name() + ")"));
        } else {
            VipProbe holder = masters.getFirst();
            NodeInfo node = snapshot.node(holder.nodeId()).orElse(null);
            String name = snapshot.nodeName(holder.nodeId());
            String others = answered.size() > 1 ? " (" + states + ")" : "";
            if (node == null || !node.schedulable()) {
                findings.add(Finding.fail(
                        AREA,
                        vip + " is held by " + name + ", which is "
                                + (node == null ? "not in the swarm" : node.state() + "/" + node.availability()),
                        "the vip on " + name + " should give the address away: check its proxy check"
                                + " (docker service logs " + service.name() + ")"));
            } else if (!proxyRunsOn(snapshot, node)) {
                findings.add(Finding.fail(
                        AREA,
                        vip + " is held by " + name + ", which runs no proxy task: requests to it fail",
                        "the vip must track the local proxy (checks: type proxy, url http://127.0.0.1:8080/ping)"));
            } else {
                findings.add(Finding.ok(AREA, vip + " is held by " + name + ", ready and running the proxy" + others));
            }
        }
        return findings;
    }

    private static boolean proxyRunsOn(ClusterSnapshot snapshot, NodeInfo node) {
        return Role.in(snapshot, Role.PROXY).stream()
                .flatMap(p -> snapshot.tasksOf(p).stream())
                .anyMatch(t -> t.nodeId().equals(node.id()) && t.wanted() && t.running());
    }

    private static String describe(Map<String, Integer> states) {
        return states.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> (states.size() > 1 ? e.getKey() + "=" : "") + VipProbe.stateName(e.getValue()))
                .collect(Collectors.joining("/"));
    }
}
