package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.docker.DockerApi;
import io.swarmedge.docker.DockerApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Looks at the named volumes of running tasks on the node whose engine the doctor talks to: the
 * container has the mount, the volume exists on the node, and (unless turned off) a file can be
 * created and removed in it, by a {@code sh} run with {@code docker exec} in the task's own container.
 * Volumes are local to a node, so tasks on other nodes can only be looked at from their own engine.
 */
final class VolumeProber {
    /** Creates and removes a file in the directory given as $0; exits non-zero if either fails. */
    static final String PROBE = "f=\"$0/.swarmedge-doctor-$$\" && : > \"$f\" && rm -f \"$f\"";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXEC_LIMIT = Duration.ofSeconds(15);

    private final boolean writeTest;
    private final java.util.Optional<ProbeTasks> probeTasks;

    /**
     * @param writeTest whether to create a file in the volumes of tasks on this node
     * @param probeTasks when present, every running task's volumes are tested by a probe task on its node instead
     */
    VolumeProber(boolean writeTest, java.util.Optional<ProbeTasks> probeTasks) {
        this.writeTest = writeTest;
        this.probeTasks = probeTasks;
    }

    List<VolumeProbe> probe(ClusterSnapshot snapshot, DockerApi api) {
        List<VolumeProbe> probes = new ArrayList<>();
        String here = snapshot.engine().nodeId();
        for (ServiceInfo service : snapshot.scopedServices()) {
            List<MountInfo> volumes = service.mounts().stream()
                    .filter(m -> "volume".equals(m.type()) && !m.source().isEmpty())
                    .toList();
            if (volumes.isEmpty()) {
                continue;
            }
            for (TaskInfo task : snapshot.tasksOf(service)) {
                if (!task.wanted() || !task.running()) {
                    continue;
                }
                for (MountInfo mount : volumes) {
                    if (probeTasks.isPresent()) {
                        probes.add(
                                mount.readOnly()
                                        ? new VolumeProbe(
                                                task.id(),
                                                mount.target(),
                                                VolumeProbe.Outcome.READ_ONLY,
                                                "declared read-only")
                                        : probeTasks
                                                .get()
                                                .probe(api, service, task, mount, snapshot.nodeName(task.nodeId())));
                    } else if (!task.nodeId().equals(here)) {
                        probes.add(new VolumeProbe(
                                task.id(),
                                mount.target(),
                                VolumeProbe.Outcome.NOT_CHECKED,
                                "the task runs on " + snapshot.nodeName(task.nodeId()) + " and the doctor talks to "
                                        + snapshot.nodeName(here)
                                        + "'s engine (use --host for that node's engine, or --probe-volumes)"));
                    } else {
                        probes.add(probe(api, task, mount));
                    }
                }
            }
        }
        return probes;
    }

    private VolumeProbe probe(DockerApi api, TaskInfo task, MountInfo mount) {
        String target = mount.target();
        if (task.containerId().isEmpty()) {
            return new VolumeProbe(task.id(), target, VolumeProbe.Outcome.NOT_CHECKED, "the task has no container yet");
        }
        JsonNode containerMount;
        try {
            containerMount = findMount(api.get("/containers/" + task.containerId() + "/json"), target);
        } catch (DockerApiException e) {
            return new VolumeProbe(task.id(), target, VolumeProbe.Outcome.NOT_CHECKED, e.getMessage());
        }
        if (containerMount == null) {
            return new VolumeProbe(
                    task.id(), target, VolumeProbe.Outcome.NOT_MOUNTED, "its container has no mount at " + target);
        }
        String volumeName = containerMount.path("Name").asText(mount.source());
        String volume;
        try {
            volume = describeVolume(api.get("/volumes/" + URLEncoder.encode(volumeName, StandardCharsets.UTF_8)));
        } catch (DockerApiException e) {
            if (e.status().orElse(0) == 404) {
                return new VolumeProbe(
                        task.id(),
                        target,
                        VolumeProbe.Outcome.NOT_MOUNTED,
                        "volume " + volumeName + " is missing on the node");
            }
            return new VolumeProbe(task.id(), target, VolumeProbe.Outcome.NOT_CHECKED, e.getMessage());
        }
        if (mount.readOnly() || !containerMount.path("RW").asBoolean(true)) {
            return new VolumeProbe(task.id(), target, VolumeProbe.Outcome.READ_ONLY, volume);
        }
        if (!writeTest) {
            return new VolumeProbe(
                    task.id(),
                    target,
                    VolumeProbe.Outcome.NOT_CHECKED,
                    volume + "; write test turned off (--no-write-test)");
        }
        return writeTest(api, task, target, volume);
    }

    private static VolumeProbe writeTest(DockerApi api, TaskInfo task, String target, String volume) {
        ObjectNode create = JSON.createObjectNode();
        create.put("AttachStdout", true).put("AttachStderr", true);
        create.putArray("Cmd").add("sh").add("-c").add(PROBE).add(target);
        try {
            String execId = api.post("/containers/" + task.containerId() + "/exec", create)
                    .path("Id")
                    .asText();
            ObjectNode start = JSON.createObjectNode().put("Detach", false).put("Tty", false);
            api.post("/exec/" + execId + "/start", start); // returns when the command ends
            long deadline = System.nanoTime() + EXEC_LIMIT.toNanos();
            JsonNode state = api.get("/exec/" + execId + "/json");
            while (state.path("Running").asBoolean(false) && System.nanoTime() < deadline) {
                Thread.sleep(100); // a poll of the engine's state, not a wait for our own condition
                state = api.get("/exec/" + execId + "/json");
            }
            if (state.path("Running").asBoolean(false)) {
                return new VolumeProbe(
                        task.id(),
                        target,
                        VolumeProbe.Outcome.NOT_WRITABLE,
                        volume + "; creating a file did not finish within " + EXEC_LIMIT.toSeconds()
                                + " s (hung mount?)");
            }
            int code = state.path("ExitCode").asInt(-1);
            return switch (code) {
                case 0 ->
                    new VolumeProbe(
                            task.id(),
                            target,
                            VolumeProbe.Outcome.WRITABLE,
                            volume + "; a file was created and removed");
                case 126, 127 ->
                    new VolumeProbe(
                            task.id(),
                            target,
                            VolumeProbe.Outcome.NOT_CHECKED,
                            volume + "; the image has no sh to test with");
                default ->
                    new VolumeProbe(
                            task.id(),
                            target,
                            VolumeProbe.Outcome.NOT_WRITABLE,
                            volume + "; creating a file in " + target + " failed (exit " + code + ")");
            };
        } catch (DockerApiException e) {
            String message = e.getMessage();
            if (message.contains("executable file not found") || message.contains("no such file")) {
                return new VolumeProbe(
                        task.id(),
                        target,
                        VolumeProbe.Outcome.NOT_CHECKED,
                        volume + "; the image has no sh to test with");
            }
            return new VolumeProbe(task.id(), target, VolumeProbe.Outcome.NOT_CHECKED, volume + "; " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VolumeProbe(task.id(), target, VolumeProbe.Outcome.NOT_CHECKED, "interrupted");
        }
    }

    private static JsonNode findMount(JsonNode container, String target) {
        for (JsonNode mount : container.path("Mounts")) {
            if (target.equals(mount.path("Destination").asText())) {
                return mount;
            }
        }
        return null;
    }

    /** "volume data (local, type=nfs o=addr=… device=:/export)". */
    private static String describeVolume(JsonNode volume) {
        Map<String, String> options = new TreeMap<>();
        volume.path("Options")
                .properties()
                .forEach(e -> options.put(e.getKey(), e.getValue().asText()));
        StringBuilder text = new StringBuilder("volume ")
                .append(volume.path("Name").asText())
                .append(" present (driver ")
                .append(volume.path("Driver").asText("local"));
        options.forEach((k, v) -> text.append(", ").append(k).append('=').append(v));
        return text.append(')').toString();
    }
}
