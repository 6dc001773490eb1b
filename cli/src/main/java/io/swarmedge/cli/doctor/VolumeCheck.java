package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Named volumes of the stacks' services, NFS ones first of all: mounted and writable where their
 * tasks run. Tasks that failed to mount say so in their error; running tasks were looked at by the
 * reader (container mounts, a file created and removed) on the node the doctor talks to.
 */
public final class VolumeCheck implements Check {
    static final String AREA = "volumes";

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (ServiceInfo service : snapshot.scopedServices()) {
            for (MountInfo mount : service.mounts()) {
                if ("volume".equals(mount.type()) && !mount.source().isEmpty()) {
                    check(snapshot, service, mount, findings);
                }
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, "no named volumes" + SocketProxyCheck.scopeNote(snapshot)));
        }
        return findings;
    }

    private static void check(ClusterSnapshot snapshot, ServiceInfo service, MountInfo mount, List<Finding> findings) {
        String what = service.name() + " " + mount.source() + ":" + mount.target()
                + (mount.isNfs() ? " (NFS " + mount.nfsExport() + ")" : " (" + driver(mount) + ")");
        String nfsFix = "check on that node: the NFS client (apt install nfs-common), the server's export"
                + " and firewall (2049/tcp), the options in the volume definition";
        if (!mount.isNfs() && snapshot.nodes().size() > 1 && !pinned(service)) {
            findings.add(Finding.warn(
                    AREA,
                    what + " is local to each node: a task moved to another node starts on an empty volume",
                    "use an NFS volume (driver_opts type: nfs, o: addr=…, device: :/export) or pin the service"
                            + " to one node (node.hostname == …)"));
        }
        Optional<TaskInfo> failure = mountFailures(snapshot, service);
        failure.ifPresent(task -> findings.add(Finding.fail(
                AREA,
                what + ": a task on " + snapshot.nodeName(task.nodeId()) + " could not mount it: " + task.error(),
                mount.isNfs() ? nfsFix : "docker service ps --no-trunc " + service.name())));
        List<TaskInfo> running = snapshot.tasksOf(service).stream()
                .filter(t -> t.wanted() && t.running())
                .toList();
        if (running.isEmpty() && failure.isEmpty()) {
            findings.add(Finding.warn(
                    AREA,
                    what + ": no running task, so it could not be looked at" + TaskWords.lastProblem(snapshot, service),
                    "docker service ps --no-trunc " + service.name()));
            return;
        }
        for (TaskInfo task : running) {
            String where = what + " on " + snapshot.nodeName(task.nodeId());
            Optional<VolumeProbe> probe = snapshot.volumeProbes().stream()
                    .filter(p -> p.taskId().equals(task.id()) && p.target().equals(mount.target()))
                    .findFirst();
            if (probe.isEmpty()) {
                findings.add(Finding.warn(
                        AREA, where + ": not looked at", "run doctor against that node's engine (--host)"));
                continue;
            }
            VolumeProbe p = probe.get();
            switch (p.outcome()) {
                case WRITABLE -> findings.add(Finding.ok(AREA, where + ": mounted and writable (" + p.detail() + ")"));
                case READ_ONLY -> findings.add(Finding.ok(AREA, where + ": mounted read-only, as declared"));
                case NOT_WRITABLE ->
                    findings.add(Finding.fail(
                            AREA,
                            where + ": mounted but not writable (" + p.detail() + ")",
                            mount.isNfs()
                                    ? "check the export's rw option and root squashing against the container's user"
                                    : "check the volume's permissions against the container's user"));
                case NOT_MOUNTED ->
                    findings.add(Finding.fail(
                            AREA, where + ": not mounted (" + p.detail() + ")", mount.isNfs() ? nfsFix : "redeploy"));
                case NOT_CHECKED ->
                    findings.add(Finding.warn(AREA, where + ": could not be checked: " + p.detail(), notCheckedFix(p)));
            }
        }
    }

    private static String notCheckedFix(VolumeProbe probe) {
        String detail = probe.detail();
        if (detail.contains("--host")) {
            return "run doctor against that node's engine (--host unix:///var/run/docker.sock on the node), or"
                    + " test by a short-lived task there: --probe-volumes";
        }
        if (detail.contains("--no-write-test")) {
            return "run doctor without --no-write-test";
        }
        return "check it by hand: docker exec <container> touch <target>/probe";
    }

    /** The newest task that failed because of a mount since the last task started running, if any. */
    private static Optional<TaskInfo> mountFailures(ClusterSnapshot snapshot, ServiceInfo service) {
        java.time.Instant lastRunning = snapshot.tasksOf(service).stream()
                .filter(TaskInfo::running)
                .map(TaskInfo::updatedAt)
                .max(Comparator.naturalOrder())
                .orElse(java.time.Instant.MIN);
        return snapshot.tasksOf(service).stream()
                .filter(t -> !t.running())
                .filter(t -> t.updatedAt().isAfter(lastRunning))
                .filter(t -> {
                    String error = t.error().toLowerCase(Locale.ROOT);
                    return error.contains("mount") || error.contains("volume");
                })
                .max(Comparator.comparing(TaskInfo::updatedAt));
    }

    private static boolean pinned(ServiceInfo service) {
        return service.constraints().stream()
                .anyMatch(c -> c.startsWith("node.hostname") || c.startsWith("node.id") || c.startsWith("node.labels"));
    }

    private static String driver(MountInfo mount) {
        return mount.driver().isEmpty() ? "local volume" : mount.driver() + " volume";
    }
}
