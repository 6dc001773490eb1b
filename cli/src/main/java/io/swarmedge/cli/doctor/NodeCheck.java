package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/** Every node's state and availability: down, drained and paused nodes run no new tasks. */
public final class NodeCheck implements Check {
    static final String AREA = "nodes";

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (NodeInfo node : snapshot.nodes()) {
            String what =
                    node.name() + " (" + node.role() + (node.leader() ? ", leader" : "") + ", " + node.address() + ")";
            if (!"ready".equals(node.state())) {
                findings.add(Finding.fail(
                        AREA,
                        what + " is " + node.state() + ": its tasks are being rescheduled elsewhere",
                        "check the node's engine (systemctl status docker) and its network to the managers;"
                                + " a node gone for good: docker node rm " + node.name()));
            } else if ("drain".equals(node.availability())) {
                findings.add(Finding.warn(
                        AREA,
                        what + " is drained: it runs no service tasks",
                        "when its maintenance is done: docker node update --availability active " + node.name()));
            } else if ("pause".equals(node.availability())) {
                findings.add(Finding.warn(
                        AREA,
                        what + " is paused: it keeps its tasks but gets no new ones",
                        "docker node update --availability active " + node.name()));
            } else {
                findings.add(Finding.ok(AREA, what + " is ready and active"));
            }
        }
        if (snapshot.nodes().isEmpty()) {
            findings.add(Finding.fail(AREA, "the swarm lists no nodes", "run doctor against a manager (--host)"));
        }
        return findings;
    }
}
