package io.swarmedge.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a swarm through the Docker API, directly or through a socket proxy. Uses only GET calls a
 * read-only socket proxy allows: {@code /services}, {@code /tasks}, {@code /networks},
 * {@code /nodes} (optional) and {@code /events}.
 */
public final class DockerSwarmReader implements SwarmReader {
    private static final Logger LOG = LoggerFactory.getLogger(DockerSwarmReader.class);

    /** Only tasks Swarm wants running: the others are leaving and must not be routed to. */
    private static final String RUNNING_TASKS =
            "/tasks" + DockerApi.filterQuery(Map.of("desired-state", List.of("running")));

    /**
     * Service, node, network and config changes, plus the start, health and end of containers on the
     * endpoint's node (a task's container becoming healthy is the moment Swarm marks the task
     * running). Actions are listed so that the exec events of every healthcheck stay out.
     */
    private static final Map<String, List<String>> EVENT_FILTERS = Map.of(
            "type",
            List.of("service", "node", "network", "config", "container"),
            "event",
            List.of("create", "update", "remove", "destroy", "connect", "disconnect", "start", "die", "health_status"));

    private final DockerApi api;
    private final AtomicBoolean nodesRefusedLogged = new AtomicBoolean();

    public DockerSwarmReader(DockerApi api) {
        this.api = api;
    }

    /** A reader for {@code endpoint} whose requests time out after {@code requestTimeout}. */
    public static DockerSwarmReader connect(DockerEndpoint endpoint, Duration requestTimeout) {
        return new DockerSwarmReader(DockerApi.connect(endpoint, requestTimeout));
    }

    @Override
    public List<SwarmService> services(Map<String, SwarmNetwork> networks) {
        return SwarmJson.services(api.get("/services"), networks);
    }

    @Override
    public List<ServiceTaskRef> runningTasks() {
        return SwarmJson.tasks(api.get(RUNNING_TASKS));
    }

    @Override
    public Map<String, SwarmNetwork> networks() {
        return SwarmJson.networks(api.get("/networks"));
    }

    @Override
    public List<SwarmNode> nodes() {
        try {
            return SwarmJson.nodes(api.get("/nodes"));
        } catch (DockerApiException e) {
            // A socket proxy without NODES=1 refuses the call; the provider works without nodes.
            if (e.status().filter(s -> s == 403).isPresent()) {
                if (nodesRefusedLogged.compareAndSet(false, true)) {
                    LOG.info("event=nodes_refused endpoint={} detail=\"{}\"", api.endpoint(), e.getMessage());
                }
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public EventStream events() {
        return api.events(EVENT_FILTERS);
    }

    @Override
    public void close() {
        api.close();
    }
}
