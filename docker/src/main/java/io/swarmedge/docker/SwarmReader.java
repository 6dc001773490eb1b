package io.swarmedge.docker;

import java.util.List;
import java.util.Map;

/**
 * Reads the raw state of a swarm. {@link DockerSwarmReader} reads it from the Docker API; tests use
 * fakes. Every method may throw {@link DockerApiException}.
 */
public interface SwarmReader extends AutoCloseable {
    /** The services, without their tasks. */
    List<SwarmService> services(Map<String, SwarmNetwork> networks);

    /** The tasks whose desired state is {@code running}, with their service IDs. */
    List<ServiceTaskRef> runningTasks();

    /** The networks by ID. */
    Map<String, SwarmNetwork> networks();

    /** The nodes (empty when the endpoint does not allow listing them). */
    List<SwarmNode> nodes();

    /**
     * Opens the stream of events about services, nodes, networks and configs (each causes a full
     * read) and containers (which cause a read of the tasks only).
     */
    EventStream events();

    @Override
    void close();

    /**
     * A task and the ID of its service.
     *
     * @param serviceId the service the task belongs to
     * @param task the task
     */
    record ServiceTaskRef(String serviceId, SwarmTask task) {}
}
