package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.docker.DockerApi;
import io.swarmedge.docker.DockerApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tests a volume on any node of the swarm with a short-lived task: a one-shot service placed on the
 * task's node, from the service's own image and user, with the same mount, that creates and removes a
 * file. It mounts the volume as the next task would (an NFS mount that fails fails here too). The
 * service is removed afterwards, whatever happened.
 */
final class ProbeTasks {
    /** Probe services are named with this prefix and labelled {@link #LABEL}. */
    static final String PREFIX = "swarmedge-doctor-probe-";

    static final String LABEL = "io.swarmedge.doctor.probe";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration limit;

    ProbeTasks(Duration limit) {
        this.limit = limit;
    }

    VolumeProbe probe(DockerApi api, ServiceInfo service, TaskInfo task, MountInfo mount, String nodeName) {
        String name = PREFIX + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
        String serviceId;
        try {
            serviceId = api.post("/services/create", spec(name, service, task.nodeId(), mount))
                    .path("ID")
                    .asText();
        } catch (DockerApiException e) {
            return new VolumeProbe(
                    task.id(),
                    mount.target(),
                    VolumeProbe.Outcome.NOT_CHECKED,
                    "probe task not created: " + e.getMessage());
        }
        VolumeProbe result = null;
        try {
            result = await(api, serviceId, task, mount, nodeName);
        } finally {
            try {
                api.delete("/services/" + serviceId);
            } catch (DockerApiException e) {
                if (result != null) {
                    result = new VolumeProbe(
                            result.taskId(),
                            result.target(),
                            result.outcome(),
                            result.detail()
                                    + "; the probe service could not be removed (" + e.getMessage()
                                    + "): docker service rm "
                                    + name);
                }
            }
        }
        return result;
    }

    private VolumeProbe await(DockerApi api, String serviceId, TaskInfo task, MountInfo mount, String nodeName) {
        String filter = URLEncoder.encode("{\"service\":[\"" + serviceId + "\"]}", StandardCharsets.UTF_8);
        String how = "a probe task on " + nodeName;
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                for (JsonNode probe : api.get("/tasks?filters=" + filter)) {
                    JsonNode status = probe.path("Status");
                    String state = status.path("State").asText();
                    String error = status.path("Err").asText("");
                    int exit = status.path("ContainerStatus").path("ExitCode").asInt(-1);
                    switch (state) {
                        case "complete" -> {
                            return new VolumeProbe(
                                    task.id(),
                                    mount.target(),
                                    VolumeProbe.Outcome.WRITABLE,
                                    how + " created and removed a file");
                        }
                        case "failed", "rejected" -> {
                            String lower = error.toLowerCase(java.util.Locale.ROOT);
                            if (lower.contains("mount") || lower.contains("volume")) {
                                return new VolumeProbe(
                                        task.id(),
                                        mount.target(),
                                        VolumeProbe.Outcome.NOT_MOUNTED,
                                        how + " could not mount it: " + error);
                            }
                            if (exit == 126 || exit == 127 || lower.contains("executable file not found")) {
                                return new VolumeProbe(
                                        task.id(),
                                        mount.target(),
                                        VolumeProbe.Outcome.NOT_CHECKED,
                                        how + ": the image has no sh to test with");
                            }
                            if (exit > 0) {
                                return new VolumeProbe(
                                        task.id(),
                                        mount.target(),
                                        VolumeProbe.Outcome.NOT_WRITABLE,
                                        how + " could not create a file in " + mount.target() + " (exit " + exit + ")");
                            }
                            return new VolumeProbe(
                                    task.id(),
                                    mount.target(),
                                    VolumeProbe.Outcome.NOT_CHECKED,
                                    how + " " + state + ": " + error);
                        }
                        default -> {
                            // new, pending, assigned, preparing, starting, running: not done yet
                        }
                    }
                }
                Thread.sleep(250); // polling the engine's task state
            }
        } catch (DockerApiException e) {
            return new VolumeProbe(
                    task.id(), mount.target(), VolumeProbe.Outcome.NOT_CHECKED, how + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VolumeProbe(task.id(), mount.target(), VolumeProbe.Outcome.NOT_CHECKED, "interrupted");
        }
        return new VolumeProbe(
                task.id(),
                mount.target(),
                VolumeProbe.Outcome.NOT_WRITABLE,
                how + " did not finish within " + limit.toSeconds()
                        + " s (a hung mount, or the image is missing there)");
    }

    private static ObjectNode spec(String name, ServiceInfo service, String nodeId, MountInfo mount) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("Name", name);
        spec.putObject("Labels").put(LABEL, "true").put(LABEL + ".service", service.name());
        ObjectNode template = spec.putObject("TaskTemplate");
        ObjectNode container = template.putObject("ContainerSpec");
        container.put("Image", service.image());
        if (!service.user().isEmpty()) {
            container.put("User", service.user());
        }
        container
                .putArray("Command")
                .add("sh")
                .add("-c")
                .add(VolumeProber.PROBE)
                .add(mount.target());
        ObjectNode m = container.putArray("Mounts").addObject();
        m.put("Type", "volume").put("Source", mount.source()).put("Target", mount.target());
        ObjectNode driver = m.putObject("VolumeOptions").putObject("DriverConfig");
        if (!mount.driver().isEmpty()) {
            driver.put("Name", mount.driver());
        }
        ObjectNode options = driver.putObject("Options");
        mount.driverOptions().forEach(options::put);
        template.putObject("RestartPolicy").put("Condition", "none");
        template.putObject("Placement").putArray("Constraints").add("node.id==" + nodeId);
        spec.putObject("Mode").putObject("Replicated").put("Replicas", 1);
        return spec;
    }
}
