package io.swarmedge.cli;

import ch.qos.logback.classic.Level;
import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.provider.ConfigMerger;
import io.swarmedge.config.provider.ConfigWatcher;
import io.swarmedge.config.provider.FileProvider;
import io.swarmedge.config.provider.Merged;
import io.swarmedge.config.provider.Provider;
import io.swarmedge.config.provider.ProviderSnapshot;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.config.staticconfig.StaticConfigException;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import io.swarmedge.docker.SwarmProvider;
import io.swarmedge.proxy.ProxyServer;
import io.swarmedge.proxy.runtime.MiddlewareFactory;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code swarmedge proxy}: the edge proxy. Takes Traefik's static configuration keys as flags
 * ({@code --entrypoints.web.address=:80}), environment ({@code SWARMEDGE_…} or {@code TRAEFIK_…})
 * or a YAML file ({@code --configfile}); then serves the dynamic configuration of its providers,
 * reloading on every change, until SIGTERM starts a graceful shutdown.
 */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        description = {
            "Run the edge proxy: Traefik-compatible static configuration from flags, environment "
                    + "(SWARMEDGE_* or TRAEFIK_*) or --configfile; dynamic configuration from the file "
                    + "provider.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  swarmedge proxy --entrypoints.web.address=:8000 \\",
            "      --providers.file.filename=examples/file-provider/dynamic.yml --ping",
            "  swarmedge proxy --configfile=traefik.yml --check",
            "",
            "Any Traefik static key works as --key=value (e.g. --metrics.prometheus=true,",
            "--accesslog.format=json, --entrypoints.web.transport.lifecycle.gracetimeout=10s)."
        })
public final class ProxyCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCommand.class);
    /** After the drain, how long stopping the providers and ACME may take before the process exits. */
    private static final java.time.Duration PROVIDERS_STOP_TIME = java.time.Duration.ofSeconds(2);

    @Option(names = "--configfile", paramLabel = "FILE", description = "Static configuration file (YAML).")
    String configFile;

    @Option(
            names = "--check",
            description =
                    "Validate the static configuration and the file provider's dynamic files, print every error, exit 0 or 1.")
    boolean check;

    @Unmatched
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(settings);
        if (configFile != null) {
            args.add("--configfile=" + configFile);
        }
        StaticConfig config;
        try {
            config = StaticConfigLoader.load(args, System.getenv());
        } catch (StaticConfigException e) {
            e.errors().forEach(error -> System.err.println("error: " + error));
            return 1;
        }
        applyLogLevel(check ? "WARN" : config.log().level());
        return check ? check(config) : run(config);
    }

    private static int check(StaticConfig config) {
        List<String> errors = new ArrayList<>();
        Merged merged = Merged.EMPTY;
        if (config.providers().file().enabled()) {
            AtomicReference<ProviderSnapshot> snapshot = new AtomicReference<>();
            Providers.FileProvider settings = config.providers().file();
            FileProvider files = FileProvider.from(
                    new Providers.FileProvider(true, settings.filename(), settings.directory(), false));
            files.start(snapshot::set);
            files.stop();
            if (snapshot.get() != null) {
                merged = merger(config).merge(List.of(snapshot.get()));
                merged.errors().stream().map(ConfigError::toString).forEach(errors::add);
            }
        }
        if (config.providers().swarm().enabled()) {
            System.err.println("note: the Swarm provider's labels are checked when the proxy reads them (each bad"
                    + " label is logged with its service and left out); not contacting "
                    + config.providers().swarm().endpoint() + " here");
        }
        errors.addAll(ProxyServer.check(config, merged.config(), RuleParser::parse, MiddlewareFactory.standard()));
        if (errors.isEmpty()) {
            System.out.println("configuration OK: " + config.entryPoints().size() + " entrypoint(s), "
                    + merged.config().http().routers().size() + " router(s), "
                    + merged.config().http().services().size() + " service(s)");
            return 0;
        }
        errors.forEach(error -> System.err.println("error: " + error));
        return 1;
    }

    private static int run(StaticConfig config) throws Exception {
        ProxyServer.disableLeakDetectionUnlessConfigured();
        warnAboutUnboundedHeap();
        List<Provider> providers = new ArrayList<>();
        if (config.providers().file().enabled()) {
            providers.add(FileProvider.from(config.providers().file()));
        }
        if (config.providers().swarm().enabled()) {
            providers.add(new SwarmProvider(config.providers().swarm()));
        }
        // /ping answers 503 until every provider's first configuration is live (vip and load
        // balancers then only send traffic to a proxy that knows the routes).
        Set<String> awaited = providers.stream().map(Provider::name).collect(Collectors.toSet());
        // Entrypoints start while the providers read and merge their first configuration: the two
        // cold starts (Netty, YAML and rule parsing) overlap, so the first request is served sooner.
        CompletableFuture<ProxyServer> starting = new CompletableFuture<>();
        Thread.ofPlatform().name("proxy-start").start(() -> {
            try {
                starting.complete(ProxyServer.start(config, RuleParser::parse, MiddlewareFactory.standard(), awaited));
            } catch (Throwable e) {
                starting.completeExceptionally(e);
            }
        });
        AtomicReference<DynamicConfig> lastConfig = new AtomicReference<>();
        AtomicReference<ProxyCertificates> certificates = new AtomicReference<>();
        ConfigWatcher watcher = new ConfigWatcher(
                providers,
                merger(ProxyServer.effectiveConfig(config)),
                config.providers().throttleDuration(),
                Clock.systemUTC(),
                merged -> {
                    starting.join().apply(merged.config(), merged.providers());
                    lastConfig.set(merged.config());
                    ProxyCertificates acme = certificates.get();
                    if (acme != null) {
                        acme.configurationChanged(merged.config());
                    }
                });
        watcher.start();
        ProxyServer proxy;
        try {
            proxy = starting.get();
        } catch (ExecutionException e) {
            watcher.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        try {
            ProxyCertificates.start(
                            config,
                            proxy,
                            owner(),
                            URI.create(config.providers().swarm().endpoint()))
                    .ifPresent(acme -> {
                        certificates.set(acme);
                        DynamicConfig first = lastConfig.get();
                        if (first != null) {
                            acme.configurationChanged(first);
                        }
                    });
        } catch (RuntimeException e) {
            // the proxy keeps serving its configured and default certificates
            LOG.error(
                    "acme-start-failed resolvers={} error=\"{}\"",
                    config.certificatesResolvers().keySet(),
                    e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
                    LOG.info("signal=TERM action=graceful-shutdown");
                    // /ping turns 503 first (vip gives the address away on it). The providers keep
                    // running through the drain: a request waiting for a service's new task (a
                    // single replica moving off this drained node) is served when the task shows up.
                    proxy.shutdown();
                    Thread providersStop = Thread.ofPlatform()
                            .name("shutdown-providers")
                            .start(() -> {
                                watcher.close();
                                ProxyCertificates acme = certificates.get();
                                if (acme != null) {
                                    acme.close();
                                }
                            });
                    try {
                        if (!providersStop.join(PROVIDERS_STOP_TIME)) {
                            LOG.warn("shutdown-providers-slow waited_ms={}", PROVIDERS_STOP_TIME.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    stopped.countDown();
                }));
        LOG.info(
                "proxy-started entrypoints={} providers={}",
                proxy.config().entryPoints().keySet().stream()
                        .sorted()
                        .map(n -> n + ":" + proxy.port(n))
                        .toList(),
                providers.stream().map(Provider::name).toList());
        stopped.await();
        return 0;
    }

    /** This replica's identity in the ACME store's locks: host name (the task's container id in Swarm) and pid. */
    private static String owner() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "swarmedge";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * Without {@code -Xmx} the JVM sizes the heap from the machine's memory and, under load, grows
     * far past what the proxy needs (measured: 600 MiB RSS; 140 MiB with the flags below at the same
     * throughput).
     */
    private static void warnAboutUnboundedHeap() {
        boolean bounded = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-Xmx")
                        || a.startsWith("-XX:MaxRAMPercentage")
                        || a.startsWith("-XX:MaxHeapSize"));
        if (!bounded) {
            LOG.info(
                    "jvm-heap bounded=false max_mib={} hint=\"set SWARMEDGE_JAVA_OPTS='-XX:+UseSerialGC -Xmx128m -XX:MaxDirectMemorySize=96m' to keep RSS small\"",
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static ConfigMerger merger(StaticConfig config) {
        return new ConfigMerger(
                ConfigMerger.DEFAULT_INTERNAL_SERVICES, config.entryPoints().keySet());
    }

    private static void applyLogLevel(String level) {
        Level value = switch (level.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL", "PANIC" -> Level.ERROR;
            default -> Level.INFO;
        };
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(value);
    }
}
