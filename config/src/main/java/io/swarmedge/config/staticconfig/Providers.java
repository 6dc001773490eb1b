package io.swarmedge.config.staticconfig;

import java.time.Duration;
import java.util.List;

/**
 * Configuration providers.
 *
 * @param file the file provider ({@link FileProvider#DISABLED} when off)
 * @param swarm the Swarm provider ({@link SwarmProvider#DISABLED} when off); v2's {@code
 *     providers.docker.swarmMode=true} lands here too
 * @param throttleDuration {@code providers.providersThrottleDuration} (default 2 s)
 */
public record Providers(FileProvider file, SwarmProvider swarm, Duration throttleDuration) {

    /** {@code providers.file}. Exactly one of filename and directory is set when enabled. */
    public record FileProvider(boolean enabled, String filename, String directory, boolean watch) {
        public static final FileProvider DISABLED = new FileProvider(false, "", "", true);
    }

    /**
     * {@code providers.swarm} (or {@code providers.docker} with {@code swarmMode}).
     *
     * @param endpoint {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
     * @param exposedByDefault expose services without {@code traefik.enable=true}
     * @param defaultRule rule for routers without one (Go template over the service name)
     * @param constraints constraint expression over labels, empty = none
     * @param network default network to reach tasks on
     * @param allowEmptyServices keep routers whose service has no running task (answer 503)
     * @param refreshSeconds full re-read interval (Traefik default 15 s; swarmedge polls tasks every
     *     second regardless)
     * @param labelPrefix label prefix, default {@code traefik}
     * @param watch follow Docker events
     */
    public record SwarmProvider(
            boolean enabled,
            String endpoint,
            boolean exposedByDefault,
            String defaultRule,
            String constraints,
            String network,
            boolean allowEmptyServices,
            Duration refreshSeconds,
            String labelPrefix,
            boolean watch,
            List<String> tlsFiles) {
        public static final SwarmProvider DISABLED = new SwarmProvider(
                false,
                "unix:///var/run/docker.sock",
                true,
                "Host(`{{ normalize .Name }}`)",
                "",
                "",
                false,
                Duration.ofSeconds(15),
                "traefik",
                true,
                List.of());

        public SwarmProvider {
            tlsFiles = List.copyOf(tlsFiles);
        }
    }
}
