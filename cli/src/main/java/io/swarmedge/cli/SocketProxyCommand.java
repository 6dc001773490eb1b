package io.swarmedge.cli;

import ch.qos.logback.classic.Level;
import io.swarmedge.socketproxy.HealthProbe;
import io.swarmedge.socketproxy.ListenAddress;
import io.swarmedge.socketproxy.SocketProxyServer;
import io.swarmedge.socketproxy.SocketProxySettings;
import io.swarmedge.socketproxy.policy.EdgePolicy;
import io.swarmedge.socketproxy.policy.Policy;
import io.swarmedge.socketproxy.policy.TecnativaPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code socket-proxy} role: a deny-by-default Docker Engine API filter that reads Tecnativa
 * docker-socket-proxy's environment variables ({@code CONTAINERS=1}, {@code POST=0}, …), or applies the stricter
 * {@code edge} profile.
 */
@Command(
        name = "socket-proxy",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Docker Engine API filter: deny by default, compatible with Tecnativa's docker-socket-proxy.",
            "",
            "Profile tecnativa reads Tecnativa's variables: one per API section (AUTH, BUILD, COMMIT, CONFIGS, "
                    + "CONTAINERS, DISTRIBUTION, EVENTS, EXEC, GRPC, IMAGES, INFO, NETWORKS, NODES, PING, PLUGINS, "
                    + "SECRETS, SERVICES, SESSION, SWARM, SYSTEM, TASKS, VERSION, VOLUMES; only EVENTS, PING and "
                    + "VERSION default to 1), POST (0 = GET and HEAD only), ALLOW_START, ALLOW_STOP, ALLOW_RESTARTS, "
                    + "DISABLE_IPV6, LOG_LEVEL and SOCKET_PATH.",
            "",
            "Profile edge allows only what the swarmedge proxy needs: GET/HEAD of /_ping, /version, /events, the "
                    + "list and inspect endpoints of services, tasks, networks, nodes and containers, and the "
                    + "certificate store's configs and secrets (named with --store-prefix).",
            ""
        })
public final class SocketProxyCommand implements Callable<Integer> {
    /** The policies this command can apply. */
    public enum Profile {
        tecnativa,
        edge
    }

    @Option(
            names = "--listen",
            paramLabel = "ADDR",
            defaultValue = "${env:SWARMEDGE_LISTEN:-:2375}",
            description = "Address to listen on, HOST:PORT or :PORT (env SWARMEDGE_LISTEN; default ${DEFAULT-VALUE}).")
    String listen;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            defaultValue = "${env:SOCKET_PATH:-/var/run/docker.sock}",
            description = "Docker daemon socket (env SOCKET_PATH; default ${DEFAULT-VALUE}).")
    Path socket;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            defaultValue = "${env:SWARMEDGE_PROFILE:-tecnativa}",
            description = "tecnativa or edge (env SWARMEDGE_PROFILE; default ${DEFAULT-VALUE}).")
    Profile profile;

    @Option(
            names = "--store-prefix",
            paramLabel = "PREFIX",
            defaultValue = "${env:SWARMEDGE_STORE_PREFIX:-" + EdgePolicy.DEFAULT_STORE_PREFIX + "}",
            description = "Edge profile: configs and secrets the proxy may write are named with this prefix"
                    + " (env SWARMEDGE_STORE_PREFIX; default ${DEFAULT-VALUE}).")
    String storePrefix;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            defaultValue = "PT60S",
            description = "Close client connections idle between requests for this long (ISO-8601; default 60 s).")
    Duration idleTimeout;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            defaultValue = "3000",
            description = "Close client connections beyond this many (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(
            names = "--check",
            description = "Health check: GET /_ping through the proxy at --listen; exit 0 when it answers 200 OK.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        try {
            return run(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Configuration and bind errors name their source; a stack trace would only hide it.
            System.err.println("swarmedge socket-proxy: " + e.getMessage());
            return 2;
        }
    }

    private int run(Map<String, String> env) throws InterruptedException {
        ListenAddress address = ListenAddress.parse(listen);
        if (check) {
            var problem = HealthProbe.check(address.loopback(), Duration.ofSeconds(5));
            problem.ifPresent(p -> System.err.println("swarmedge socket-proxy: unhealthy: " + p));
            return problem.isPresent() ? 1 : 0;
        }
        applyLogLevel(env.get("LOG_LEVEL"));
        Policy policy = switch (profile) {
            case tecnativa -> TecnativaPolicy.fromEnvironment(env);
            case edge -> new EdgePolicy(storePrefix);
        };
        boolean ipv4Only = TecnativaPolicy.flag(env, "DISABLE_IPV6", false);
        var settings = new SocketProxySettings(
                address,
                ipv4Only,
                socket,
                policy,
                idleTimeout,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                maxConnections);
        SocketProxyServer server = SocketProxyServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        server.awaitClose();
        stopped.await();
        return 0;
    }

    /** Tecnativa's LOG_LEVEL uses syslog names; map them onto logback's levels. */
    private static void applyLogLevel(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        Level level = switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "info", "notice" -> Level.INFO;
            case "warning", "warn" -> Level.WARN;
            case "err", "error", "crit", "alert", "emerg" -> Level.ERROR;
            default ->
                throw new IllegalArgumentException("environment variable LOG_LEVEL=\"" + value
                        + "\": expected debug, info, notice, warning, err," + " crit, alert or emerg");
        };
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.swarmedge.socketproxy")).setLevel(level);
    }
}
