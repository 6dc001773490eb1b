package io.swarmedge.docker;

import static io.swarmedge.docker.LocalDocker.docker;
import static io.swarmedge.docker.LocalDocker.dockerQuietly;

import io.swarmedge.config.provider.Provider;
import io.swarmedge.config.staticconfig.Providers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A test's own overlay network on the local swarm ({@code sedtest-<id>-net}) and a {@link SwarmProvider}
 * watching it with Traefik's defaults (label prefix {@code traefik}, exposed by default, 15 s refresh):
 * what the provider ITs share. Closing stops the provider, removes the test's service and the network.
 */
final class WatchedTestNetwork implements AutoCloseable {
    /** The network, {@code sedtest-<id>-net}. */
    final String network;

    /** The name the test gives its one service, {@code sedtest-<id>-app}. */
    final String service;

    private final SwarmProvider provider;

    private WatchedTestNetwork(String run) {
        this.network = run + "-net";
        this.service = run + "-app";
        this.provider = new SwarmProvider(new Providers.SwarmProvider(
                true,
                LocalDocker.endpoint().toString(),
                false,
                "Host(`{{ normalize .Name }}`)",
                "",
                network,
                false,
                Duration.ofSeconds(15),
                "traefik",
                true,
                List.of()));
    }

    /**
     * Requires a swarm (fails on CI, skips elsewhere), makes sure the sleep image exists, creates the
     * network and starts the provider on it, reporting every snapshot to {@code listener}.
     */
    static WatchedTestNetwork start(Provider.Listener listener) throws IOException {
        LocalDocker.requireSwarm();
        LocalDocker.ensureSleepImage();
        WatchedTestNetwork watched = new WatchedTestNetwork(
                "sedtest-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
        docker("network", "create", "--driver", "overlay", "--attachable", watched.network);
        try {
            watched.provider.start(listener);
        } catch (RuntimeException e) {
            watched.close();
            throw e;
        }
        return watched;
    }

    /**
     * Creates the test's service of the sleep image on the network with {@code replicas} tasks, labelled
     * as the router and service {@code app}: {@code Host(`app.localhost`)}, server port 8080.
     */
    void createAppService(int replicas) {
        LocalDocker.createSleepService(
                service,
                network,
                "--replicas",
                Integer.toString(replicas),
                "--label",
                "traefik.enable=true",
                "--label",
                "traefik.http.routers.app.rule=Host(`app.localhost`)",
                "--label",
                "traefik.http.services.app.loadbalancer.server.port=8080");
    }

    @Override
    public void close() {
        provider.stop();
        dockerQuietly("service", "rm", service);
        LocalDocker.removeNetwork(network);
    }
}
