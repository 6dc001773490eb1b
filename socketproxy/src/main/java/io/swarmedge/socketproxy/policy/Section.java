package io.swarmedge.socketproxy.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The Docker Engine API sections of Tecnativa's docker-socket-proxy: each is switched by the environment variable
 * of the same name and covers every path whose first segment (after the version prefix) is {@link #segment}.
 */
public enum Section {
    AUTH("auth", false),
    BUILD("build", false),
    COMMIT("commit", false),
    CONFIGS("configs", false),
    CONTAINERS("containers", false),
    DISTRIBUTION("distribution", false),
    EVENTS("events", true),
    EXEC("exec", false),
    GRPC("grpc", false),
    IMAGES("images", false),
    INFO("info", false),
    NETWORKS("networks", false),
    NODES("nodes", false),
    PING("_ping", true),
    PLUGINS("plugins", false),
    SECRETS("secrets", false),
    SERVICES("services", false),
    SESSION("session", false),
    SWARM("swarm", false),
    SYSTEM("system", false),
    TASKS("tasks", false),
    VERSION("version", true),
    VOLUMES("volumes", false);

    private final String segment;
    private final boolean enabledByDefault;

    Section(String segment, boolean enabledByDefault) {
        this.segment = segment;
        this.enabledByDefault = enabledByDefault;
    }

    /** The first path segment this section covers ({@code _ping} for {@link #PING}). */
    public String segment() {
        return segment;
    }

    /** Tecnativa's default: only EVENTS, PING and VERSION are on. */
    public boolean enabledByDefault() {
        return enabledByDefault;
    }

    /** The environment variable that switches the section. */
    public String envName() {
        return name();
    }

    /** The section whose segment is exactly {@code first}. */
    public static Optional<Section> forSegment(String first) {
        return Arrays.stream(values()).filter(s -> s.segment.equals(first)).findFirst();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
