package io.swarmedge.config.staticconfig;

import java.time.Duration;
import java.util.List;

/**
 * Configuration providers.
 *
 * @param file the file provider ({@link FileProvider#DISABLED} when off)
 * @param swarm the Swarm provider ({@link SwarmProvider#DISABLED} when off); v2's {@code
 *     providers.docker.swarmMode=true} lands here too, named {@code docker}
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
     * @param watch follow the swarm after the first read (Traefik's {@code watch}); {@code false}
     *     reads it once at start
     * @param tlsFiles certificate files the provider's TLS configuration refers to
     * @param name the provider's name, the namespace of its objects ({@code whoami@swarm}): {@code
     *     docker} when configured in Traefik v2's form {@code providers.docker.swarmMode}, as Traefik
     *     v2 names them, so that labels written for it ({@code hsts@docker}) keep resolving
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
            List<String> tlsFiles,
            String name) {
        /** The name in the v3 form, {@code providers.swarm}. */
        public static final String SWARM = "swarm";

        /** The name in the v2 form, {@code providers.docker} with {@code swarmMode}. */
        public static final String DOCKER = "docker";

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
            if (!name.equals(SWARM) && !name.equals(DOCKER)) {
                throw new IllegalArgumentException("swarm provider name must be swarm or docker, got " + name);
            }
        }

        /** Settings in the v3 form ({@link #SWARM}). */
        public SwarmProvider(
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
            this(
                    enabled,
                    endpoint,
                    exposedByDefault,
                    defaultRule,
                    constraints,
                    network,
                    allowEmptyServices,
                    refreshSeconds,
                    labelPrefix,
                    watch,
                    tlsFiles,
                    SWARM);
        }

        /** The configuration key prefix of this form: {@code providers.swarm} or {@code providers.docker}. */
        public String keyPrefix() {
            return "providers." + name;
        }
    }
}
