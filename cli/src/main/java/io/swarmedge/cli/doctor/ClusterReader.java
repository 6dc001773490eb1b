package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swarmedge.docker.DockerApi;
import io.swarmedge.docker.DockerApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@link ClusterSnapshot} through the Docker API, once: the engine, then (on a manager)
 * nodes, services, tasks and networks, then the observations beside the API (vip states, the
 * certificate stores, volume write tests).
 */
final class ClusterReader {
    /** The engine answered, but it cannot speak for a swarm. */
    static final class NotAManagerException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient EngineInfo engine;

        NotAManagerException(EngineInfo engine) {
            super("the engine at " + engine.endpoint() + " is "
                    + ("active".equals(engine.swarmState())
                            ? "a swarm worker: only managers know the whole swarm"
                            : "not in an active swarm (state " + engine.swarmState()
                                    + (engine.swarmError().isEmpty() ? "" : ": " + engine.swarmError()) + ")"));
            this.engine = engine;
        }

        EngineInfo engine() {
            return engine;
        }
    }

    private static final int MAX_NETWORKS = 10_000;

    private final DockerApi api;
    private final DoctorScope scope;
    private final CertificateReader certificates;
    private final VolumeProber volumes;
    private final VipProber vip;
    private final Clock clock;

    ClusterReader(
            DockerApi api,
            DoctorScope scope,
            CertificateReader certificates,
            VolumeProber volumes,
            Duration probeTimeout,
            Clock clock) {
        this.api = api;
        this.scope = scope;
        this.certificates = certificates;
        this.volumes = volumes;
        this.vip = new VipProber(probeTimeout);
        this.clock = clock;
    }

    /**
     * Reads the cluster.
     *
     * @throws io.swarmedge.docker.DockerApiException when the engine cannot be reached
     * @throws NotAManagerException when it is not a manager of an active swarm
     */
    ClusterSnapshot read() {
        JsonNode version = api.get("/version");
        JsonNode info = api.get("/info");
        EngineInfo engine = SnapshotParser.engine(api.endpoint().toString(), version, info);
        if (!"active".equals(engine.swarmState()) || !engine.manager()) {
            throw new NotAManagerException(engine);
        }
        JsonNode services = api.get("/services");
        ClusterSnapshot snapshot = SnapshotParser.parse(
                new SnapshotParser.ApiAnswers(
                        api.endpoint().toString(),
                        version,
                        info,
                        api.get("/nodes"),
                        services,
                        api.get("/tasks"),
                        networks(services)),
                scope,
                clock.instant());
        return snapshot.withObservations(vip(snapshot), certificates.read(api), volumes.probe(snapshot, api));
    }

    /**
     * {@code /networks}, plus the swarm's own objects for predefined networks that services name by
     * an id the list does not show (the swarm's {@code host} network, used by the vip tasks).
     */
    private JsonNode networks(JsonNode services) {
        JsonNode listed = api.get("/networks");
        ArrayNode networks = listed.isArray() ? ((ArrayNode) listed).deepCopy() : JsonNodeFactory.instance.arrayNode();
        Set<String> known = new HashSet<>();
        networks.forEach(n -> known.add(n.path("Id").asText()));
        Set<String> wanted = new TreeSet<>();
        for (JsonNode service : services) {
            service.path("Spec")
                    .path("TaskTemplate")
                    .path("Networks")
                    .forEach(n -> wanted.add(n.path("Target").asText()));
        }
        wanted.removeAll(known);
        for (String id : wanted) {
            if (!id.isEmpty() && known.size() < MAX_NETWORKS) {
                try {
                    networks.add(api.get("/networks/" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
                    known.add(id);
                } catch (DockerApiException e) {
                    // gone meanwhile: the service shows the id instead of a name
                }
            }
        }
        return networks;
    }

    private VipObservation vip(ClusterSnapshot snapshot) {
        List<ServiceInfo> services = Role.in(snapshot, Role.VIP);
        List<String> addresses = new ArrayList<>(scope.vipAddresses());
        String problem = "";
        if (addresses.isEmpty()) {
            for (ServiceInfo service : services) {
                VipAddresses.Found found = VipAddresses.of(service, api);
                addresses.addAll(found.addresses());
                problem = found.problem();
            }
        }
        List<VipProbe> probes = new ArrayList<>();
        for (ServiceInfo service : services) {
            probes.addAll(vip.probe(snapshot, service));
        }
        return new VipObservation(addresses, addresses.isEmpty() ? problem : "", probes);
    }
}
