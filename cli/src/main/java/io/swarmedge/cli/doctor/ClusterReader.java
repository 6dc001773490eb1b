package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.swarmedge.docker.DockerApi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        ClusterSnapshot snapshot = SnapshotParser.parse(
                new SnapshotParser.ApiAnswers(
                        api.endpoint().toString(),
                        version,
                        info,
                        api.get("/nodes"),
                        api.get("/services"),
                        api.get("/tasks"),
                        api.get("/networks")),
                scope,
                clock.instant());
        return snapshot.withObservations(vip(snapshot), certificates.read(api), volumes.probe(snapshot, api));
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
