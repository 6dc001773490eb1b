package io.swarmedge.cli.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Manager count, Raft quorum and fault tolerance, unreachable managers, the leader, and a dispatcher
 * heartbeat short enough to turn the loss of the leader into a restart of every task.
 */
public final class ManagerCheck implements Check {
    static final String AREA = "managers";
    /**
     * Docker's default. A new leader marks every node "unknown" and declares down each one that has
     * not re-registered within 6 heartbeats; in the project's lab the agents needed about 12 s to find
     * the new leader, so a 1 s heartbeat (6 s) had every node declared down and every task restarted.
     */
    static final Duration SAFE_HEARTBEAT = Duration.ofSeconds(5);

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        List<NodeInfo> managers =
                snapshot.nodes().stream().filter(NodeInfo::isManager).toList();
        int count = managers.size();
        int quorum = count / 2 + 1;
        int tolerance = (count - 1) / 2;
        List<NodeInfo> unreachable = managers.stream()
                .filter(m -> !"reachable".equals(m.reachability()))
                .toList();
        String names = String.join(", ", managers.stream().map(NodeInfo::name).toList());
        String summary = count + " manager" + (count == 1 ? "" : "s") + " (" + names + "), quorum " + quorum;
        if (count == 1) {
            findings.add(Finding.warn(
                    AREA,
                    summary + ": no fault tolerance; if this node fails, the swarm cannot be changed and stops"
                            + " rescheduling",
                    "add two managers (docker swarm join-token manager on this node, then join on two others,"
                            + " or docker node promote two workers): 3 managers survive the loss of 1"));
        } else if (count == 2) {
            findings.add(Finding.warn(
                    AREA,
                    summary + ": no fault tolerance, and twice the risk of one manager: losing either one"
                            + " loses the quorum",
                    "add a third manager (docker node promote <worker>) or demote one (docker node demote <node>)"));
        } else if (count % 2 == 0) {
            findings.add(Finding.warn(
                    AREA,
                    summary + ", tolerates " + tolerance + " failure" + (tolerance == 1 ? "" : "s")
                            + ": an even count tolerates no more failures than " + (count - 1) + " managers",
                    "promote one more node or demote one: odd counts (3, 5, 7) give the most tolerance per manager"));
        } else if (count > 7) {
            findings.add(Finding.warn(
                    AREA,
                    summary + ": more than 7 managers slow every Raft write down",
                    "demote managers down to 5 or 7 (docker node demote <node>)"));
        } else {
            findings.add(
                    Finding.ok(AREA, summary + ", tolerates " + tolerance + " failure" + (tolerance == 1 ? "" : "s")));
        }
        for (NodeInfo manager : unreachable) {
            findings.add(Finding.fail(
                    AREA,
                    "manager " + manager.name() + " (" + manager.address() + ") is " + manager.reachability()
                            + ", node " + manager.state(),
                    "start its engine or reconnect it (ports 2377/tcp, 7946/tcp+udp, 4789/udp between managers);"
                            + " if it is gone for good: docker node demote " + manager.name()
                            + " && docker node rm --force " + manager.name()));
        }
        if (count - unreachable.size() < quorum) {
            findings.add(Finding.fail(
                    AREA,
                    "quorum lost: " + (count - unreachable.size()) + " of " + count + " managers reachable, " + quorum
                            + " needed; the swarm cannot schedule or change anything",
                    "bring managers back; if that is impossible, on a healthy manager: docker swarm init"
                            + " --force-new-cluster (keeps services, restarts Raft with this node only)"));
        }
        List<NodeInfo> leaders = managers.stream().filter(NodeInfo::leader).toList();
        if (leaders.size() == 1) {
            findings.add(Finding.ok(AREA, "leader: " + leaders.getFirst().name()));
        } else if (leaders.isEmpty()) {
            findings.add(Finding.fail(
                    AREA,
                    "no manager is the leader: an election is running or the quorum is lost",
                    "wait a few seconds and run doctor again; if it stays, restore the quorum (see above)"));
        } else {
            findings.add(Finding.fail(
                    AREA,
                    leaders.size() + " managers claim to lead: "
                            + String.join(
                                    ", ", leaders.stream().map(NodeInfo::name).toList()),
                    "a stale view: run doctor against another manager (--host) and check clocks and network"));
        }
        snapshot.engine().dispatcherHeartbeat().ifPresent(h -> findings.add(heartbeat(h)));
        return findings;
    }

    private static Finding heartbeat(Duration heartbeat) {
        String period = seconds(heartbeat);
        if (heartbeat.compareTo(SAFE_HEARTBEAT) >= 0) {
            return Finding.ok(AREA, "dispatcher heartbeat " + period);
        }
        return Finding.warn(
                AREA,
                "dispatcher heartbeat " + period + ": when the leader is lost, the new one expects every node back"
                        + " within " + seconds(heartbeat.multipliedBy(6)) + "; agents can need longer to find it"
                        + " (12 s measured), and every node declared down meanwhile has all its tasks restarted:"
                        + " the whole swarm at once",
                "docker swarm update --dispatcher-heartbeat " + SAFE_HEARTBEAT.toSeconds() + "s (Docker's"
                        + " default; a dead node is then declared down within about 15 s, and the proxy avoids its"
                        + " tasks after its first failed connect)");
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
