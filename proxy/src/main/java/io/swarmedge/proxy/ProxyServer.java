package io.swarmedge.proxy;

import io.netty.channel.EventLoopGroup;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.proxy.balancer.HealthChecker;
import io.swarmedge.proxy.balancer.UnavailableHold;
import io.swarmedge.proxy.entrypoint.EntryPointServer;
import io.swarmedge.proxy.entrypoint.InternalEndpoints;
import io.swarmedge.proxy.entrypoint.Readiness;
import io.swarmedge.proxy.observability.AccessLogEntry;
import io.swarmedge.proxy.observability.AccessLogWriter;
import io.swarmedge.proxy.observability.ProxyMetrics;
import io.swarmedge.proxy.runtime.Compilation;
import io.swarmedge.proxy.runtime.ConfigError;
import io.swarmedge.proxy.runtime.MiddlewareFactory;
import io.swarmedge.proxy.runtime.RuleCompiler;
import io.swarmedge.proxy.runtime.Runtime;
import io.swarmedge.proxy.runtime.RuntimeCompiler;
import io.swarmedge.proxy.runtime.TlsSelections;
import io.swarmedge.proxy.tls.CertificateGenerator;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import io.swarmedge.proxy.tls.ServerCertificate;
import io.swarmedge.proxy.tls.TlsContexts;
import io.swarmedge.proxy.tls.TlsEngine;
import io.swarmedge.proxy.tls.TlsServices;
import io.swarmedge.proxy.transport.IoTransport;
import io.swarmedge.proxy.upstream.UpstreamRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's data plane, assembled: entrypoints on Netty event loops, the current {@link Runtime}
 * behind an atomic reference, upstream pools and health checks, metrics, access log and graceful
 * shutdown. {@link #apply} is the whole reload: compile, swap, retire what the new configuration
 * dropped.
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.start(staticConfig, RuleParser::parse, middlewareFactory, Set.of("file"));
 * proxy.apply(dynamicConfig, Set.of("file")); // /ping: 503 before, 200 from now on
 * ...
 * proxy.shutdown(); // SIGTERM
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    private static final int INTERNAL_PORT = 8080;
    private static final long CERTIFICATE_WATCH_SECONDS = 2;
    /** After the grace, how long the 503s of requests whose hold was ended may take to be written. */
    private static final Duration HOLD_ANSWER_TIME = Duration.ofMillis(250);

    private final StaticConfig config;
    private final IoTransport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ProxyMetrics metrics;
    private final AccessLogWriter accessLog;
    private final UpstreamRegistry upstreams;
    private final HealthChecker health;
    private final UnavailableHold hold;
    private final RuntimeCompiler compiler;
    private final AtomicReference<Runtime> current = new AtomicReference<>(Runtime.empty());
    private final Map<String, EntryPointServer> entryPoints = new LinkedHashMap<>();
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final RuleCompiler rules;
    private final CertificateGenerator certificates = new CertificateGenerator(Clock.systemUTC(), new SecureRandom());
    private final TlsEngine tlsEngine = TlsEngine.preferred();
    /** OCSP stapling and session-ticket keys, shared by every build of the TLS contexts. */
    private final TlsServices tlsServices;

    private DynamicConfig lastDynamic = DynamicConfig.EMPTY;
    /** Modification times of the certificate files in use: a change rebuilds the TLS contexts. */
    private volatile Map<String, java.nio.file.attribute.FileTime> certificateFiles = Map.of();

    private final java.util.concurrent.ScheduledExecutorService certificateWatch =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("swarmedge-tls-files").factory());
    private List<ServerCertificate> obtained = List.of();
    private final Readiness readiness;
    private final long startedNanos = System.nanoTime();
    private volatile boolean terminating;
    private volatile boolean closed;

    private ProxyServer(
            StaticConfig config,
            RuleCompiler rules,
            MiddlewareFactory middlewares,
            Clock clock,
            Set<String> awaitedProviders)
            throws IOException {
        this.config = withInternalEntryPoint(config);
        this.readiness = new Readiness(awaitedProviders);
        this.clock = clock;
        this.rules = rules;
        this.transport = IoTransport.best();
        this.acceptors = transport.newGroup(1, "swarmedge-accept");
        // One event loop per core: a proxy's loops are always busy, more threads only add switches.
        this.workers = transport.newGroup(java.lang.Runtime.getRuntime().availableProcessors(), "swarmedge-io");
        this.metrics = config.metrics().enabled()
                ? ProxyMetrics.prometheus(
                        config.metrics().buckets(),
                        config.metrics().addEntryPointsLabels(),
                        config.metrics().addRoutersLabels(),
                        config.metrics().addServicesLabels())
                : ProxyMetrics.disabled();
        this.tlsServices = TlsServices.start(metrics.registry());
        this.accessLog = config.accessLog().enabled() ? AccessLogWriter.open(config.accessLog()) : null;
        this.upstreams = new UpstreamRegistry(transport, System::nanoTime);
        this.hold = new UnavailableHold(
                config.serversTransport().unavailableHold(),
                UnavailableHold.DEFAULT_MAX_PER_SERVICE,
                UnavailableHold.Observer.of(metrics::waitingRequests, metrics::holdExpired));
        this.health = new HealthChecker(workers, transport, change -> {
            metrics.serverUp(change.service(), change.url(), change.up());
            if (change.up()) {
                hold.healthChanged();
            }
        });
        this.compiler = new RuntimeCompiler(rules, middlewares, upstreams, health, ThreadLocalRandom.current(), hold);
    }

    /**
     * Production setting for the {@code proxy} command: Netty's buffer leak detection samples every
     * 128th buffer with a stack trace, a cost the hot path does not need outside tests. Kept when
     * {@code -Dio.netty.leakDetection.level} is set explicitly.
     */
    public static void disableLeakDetectionUnlessConfigured() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Starts the entrypoints (bound when this returns) with an empty runtime: every request is a 404
     * until {@link #apply} is called. Ready at once ({@code /ping} 200): for a proxy without providers
     * (Traefik's behaviour) or one fed by hand.
     */
    public static ProxyServer start(StaticConfig config, RuleCompiler rules, MiddlewareFactory middlewares)
            throws IOException, InterruptedException {
        return start(config, rules, middlewares, Set.of());
    }

    /**
     * Starts the entrypoints (bound when this returns) with an empty runtime; {@code /ping} answers 503
     * until a configuration that includes each of {@code awaitedProviders} was applied ({@link
     * #apply(DynamicConfig, Set)}).
     */
    public static ProxyServer start(
            StaticConfig config, RuleCompiler rules, MiddlewareFactory middlewares, Set<String> awaitedProviders)
            throws IOException, InterruptedException {
        ProxyServer proxy = new ProxyServer(config, rules, middlewares, Clock.systemUTC(), awaitedProviders);
        try {
            proxy.startEntryPoints();
        } catch (InterruptedException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private void startEntryPoints() throws InterruptedException {
        String serverName = hostName();
        AtomicLong requestCount = new AtomicLong();
        Consumer<AccessLogEntry> log = accessLog == null ? null : accessLog::log;
        for (EntryPoint ep : config.entryPoints().values()) {
            boolean ping = config.ping().enabled() && config.ping().entryPoint().equals(ep.name());
            boolean prometheus =
                    config.metrics().enabled() && config.metrics().entryPoint().equals(ep.name());
            InternalEndpoints internal = ping || prometheus
                    ? new InternalEndpoints(
                            ping, config.ping().terminatingStatusCode(), readiness, prometheus ? metrics : null)
                    : InternalEndpoints.none();
            EntryPointServer server = new EntryPointServer(
                    ep, transport, acceptors, workers, current::get, metrics, log, requestCount, internal, serverName);
            server.start();
            entryPoints.put(ep.name(), server);
        }
        workers.scheduleAtFixedRate(upstreams::sweep, 5, 5, TimeUnit.SECONDS);
        // not on an event loop: stat() and the rebuild block
        certificateWatch.scheduleWithFixedDelay(
                this::reloadChangedCertificates,
                CERTIFICATE_WATCH_SECONDS,
                CERTIFICATE_WATCH_SECONDS,
                TimeUnit.SECONDS);
    }

    /**
     * Compiles {@code dynamic}, the merge of {@code providers}' configurations, and makes it the live
     * runtime; the proxy is ready once every awaited provider was part of an applied configuration.
     */
    public Runtime apply(DynamicConfig dynamic, Set<String> providers) {
        Runtime runtime = apply(dynamic);
        if (readiness.applied(providers)) {
            LOG.info(
                    "proxy-ready providers={} after_ms={}",
                    new java.util.TreeSet<>(providers),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        } else if (readiness.state().phase() == Readiness.Phase.STARTING) {
            LOG.info("proxy-not-ready-yet reason=\"{}\"", readiness.state().reason());
        }
        return runtime;
    }

    /**
     * Compiles {@code dynamic} and makes it the live runtime. Errors (left-out routers, services,
     * middlewares) are logged one per line and returned in the runtime.
     */
    public synchronized Runtime apply(DynamicConfig dynamic) {
        if (closed) {
            return current.get(); // a provider's last word after shutdown: nothing serves it any more
        }
        long started = System.nanoTime();
        lastDynamic = dynamic;
        Compilation compilation = compiler.compile(config, dynamic, generation.incrementAndGet());
        Runtime runtime = compilation.runtime();
        Map<String, TlsContexts> tls = tls(dynamic);
        current.set(runtime);
        hold.runtimeApplied(runtime.services());
        entryPoints.forEach((name, server) -> {
            if (tls.containsKey(name)) {
                server.tls(tls.get(name));
            } else if (!failedTls.contains(name)) {
                server.tls(null);
            }
        });
        upstreams.retain(compilation.upstreams());
        health.retain(compilation.healthChecks());
        compilation.servers().forEach(s -> metrics.serverUp(s.get(0), s.get(1), true));
        metrics.retainServers(compilation.servers());
        metrics.configReload(runtime.errors().isEmpty(), clock.instant().getEpochSecond());
        for (ConfigError error : runtime.errors()) {
            LOG.warn("config-error {} name={} error=\"{}\"", error.kind(), error.name(), error.message());
        }
        int routes = runtime.plain().values().stream().mapToInt(t -> t.size()).sum()
                + runtime.tls().values().stream().mapToInt(t -> t.size()).sum();
        LOG.info(
                "config-applied generation={} routers={} services={} errors={} took_ms={}",
                runtime.generation(),
                routes,
                runtime.services().size(),
                runtime.errors().size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return runtime;
    }

    /**
     * Serves these certificates obtained at run time (ACME) besides the configured ones, from now on:
     * the TLS contexts are rebuilt with the last configuration. Blocking; call it off the event loops.
     */
    public synchronized void obtainedCertificates(List<ServerCertificate> certificates) {
        obtained = List.copyOf(certificates);
        Map<String, TlsContexts> tls = tls(lastDynamic);
        tls.forEach((name, contexts) -> entryPoints.get(name).tls(contexts));
        LOG.info("tls-obtained-certificates count={} entrypoints={}", obtained.size(), tls.keySet());
    }

    /** Answers ACME HTTP-01 requests on this entrypoint, before its routers and redirection. */
    public void challenges(String entryPoint, ChallengeAnswers answers) {
        EntryPointServer server = entryPoints.get(entryPoint);
        if (server == null) {
            throw new IllegalArgumentException("no entrypoint \"" + entryPoint + "\"");
        }
        server.challenges(answers);
    }

    /** Answers ACME TLS-ALPN-01 validations on every entrypoint that serves TLS. */
    public void tlsChallenges(ChallengeAnswers answers) {
        entryPoints.values().forEach(server -> server.tlsChallenges(answers));
    }

    /** Rebuilds the TLS contexts when a certificate file of the configuration changed (renewed on disk). */
    private void reloadChangedCertificates() {
        try {
            Map<String, java.nio.file.attribute.FileTime> now = certificateFileTimes(lastDynamicConfig());
            if (now.equals(certificateFiles)) {
                return;
            }
            synchronized (this) {
                LOG.info("tls-certificate-files-changed files={}", now.keySet());
                Map<String, TlsContexts> tls = tls(lastDynamic);
                tls.forEach((name, contexts) -> entryPoints.get(name).tls(contexts));
            }
        } catch (RuntimeException e) {
            LOG.warn("tls-certificate-watch-failed error=\"{}\"", e.toString());
        }
    }

    private synchronized DynamicConfig lastDynamicConfig() {
        return lastDynamic;
    }

    /** Files named by {@code tls.certificates} and the default store (inline PEM is skipped). */
    private static Map<String, java.nio.file.attribute.FileTime> certificateFileTimes(DynamicConfig dynamic) {
        List<io.swarmedge.config.dynamic.CertificateSource> sources =
                new ArrayList<>(dynamic.tls().certificates());
        io.swarmedge.config.dynamic.TlsStore store = dynamic.tls().stores().get("default");
        if (store != null) {
            sources.addAll(store.defaultCertificate());
        }
        Map<String, java.nio.file.attribute.FileTime> times = new HashMap<>();
        for (io.swarmedge.config.dynamic.CertificateSource source : sources) {
            for (String file : List.of(source.certFile(), source.keyFile())) {
                if (file.isEmpty() || file.contains("-----BEGIN")) {
                    continue;
                }
                try {
                    times.put(file, java.nio.file.Files.getLastModifiedTime(java.nio.file.Path.of(file)));
                } catch (IOException | RuntimeException e) {
                    times.put(file, java.nio.file.attribute.FileTime.fromMillis(0));
                }
            }
        }
        return Map.copyOf(times);
    }

    /** Entrypoints whose TLS could not be built this reload: they keep the previous contexts. */
    private final java.util.Set<String> failedTls = new java.util.HashSet<>();

    /** Builds the TLS contexts of the entrypoints that serve TLS (blocking: files, keys). */
    private Map<String, TlsContexts> tls(DynamicConfig dynamic) {
        failedTls.clear();
        // read before the build: a change during it is seen by the next check
        certificateFiles = certificateFileTimes(dynamic);
        Map<String, TlsContexts> result = new HashMap<>();
        TlsSelections.of(config, dynamic, rules).forEach((name, selection) -> {
            try {
                TlsContexts contexts =
                        TlsContexts.build(dynamic.tls(), selection, obtained, certificates, tlsEngine, tlsServices);
                contexts.problems().forEach(p -> LOG.warn("tls-problem entrypoint={} {}", name, p));
                contexts.warnings().forEach(w -> LOG.info("tls-warning entrypoint={} {}", name, w));
                result.put(name, contexts);
            } catch (RuntimeException e) {
                failedTls.add(name);
                LOG.error(
                        "tls-config-error entrypoint={} options={} error=\"{}\" keeping=previous",
                        name,
                        selection.entryPointOptions(),
                        e.getMessage());
            }
        });
        return result;
    }

    /** The live runtime. */
    public Runtime runtime() {
        return current.get();
    }

    /** Requests waiting for a server of {@code service} right now ({@code serversTransport.unavailableHold}). */
    public int parkedRequests(String service) {
        return hold.parked(service);
    }

    /** The bound port of an entrypoint. */
    public int port(String entryPoint) {
        EntryPointServer server = entryPoints.get(entryPoint);
        if (server == null) {
            throw new IllegalArgumentException("no entrypoint \"" + entryPoint + "\"");
        }
        return server.port();
    }

    /** The static configuration in effect (with the internal entrypoint added when needed). */
    public StaticConfig config() {
        return config;
    }

    /** Open client connections of an entrypoint. */
    public int openConnections(String entryPoint) {
        return entryPoints.get(entryPoint).openConnections();
    }

    /** The metrics registry (Prometheus text via {@link ProxyMetrics#scrape()}). */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** What {@code /ping} reports: starting (and why), ready or terminating. */
    public Readiness.State readiness() {
        return readiness.state();
    }

    /**
     * Graceful shutdown (SIGTERM): {@code /ping} answers the terminating status at once and clients are
     * told to leave (HTTP/1.1 responses say {@code Connection: close}, HTTP/2 connections get GOAWAY);
     * entrypoints keep accepting for {@code requestAcceptGraceTimeout}, then stop accepting, close idle
     * connections and let in-flight requests finish for up to {@code graceTimeOut}; then everything
     * closes. Blocks until done.
     */
    public void shutdown() {
        if (terminating) {
            return;
        }
        terminating = true;
        readiness.terminating();
        entryPoints.values().forEach(EntryPointServer::beginDrain);
        Duration acceptGrace = Duration.ZERO;
        Duration grace = Duration.ZERO;
        for (EntryPoint ep : config.entryPoints().values()) {
            acceptGrace = max(acceptGrace, ep.lifeCycle().requestAcceptGraceTimeout());
            grace = max(grace, ep.lifeCycle().graceTimeOut());
        }
        long begun = System.nanoTime();
        LOG.info(
                "shutdown-started accept_grace={} grace={} connections={}",
                acceptGrace,
                grace,
                entryPoints.values().stream()
                        .mapToInt(EntryPointServer::openConnections)
                        .sum());
        sleep(acceptGrace);
        entryPoints.values().forEach(EntryPointServer::stopAccepting);
        entryPoints.values().forEach(EntryPointServer::drain);
        awaitIdle(grace, Duration.ofMillis(50));
        // Requests still waiting for a server get their 503 rather than a cut connection.
        int holdsEnded =
                hold.endAll("the proxy is shutting down and its grace period (" + grace.toMillis() + " ms) is over");
        if (holdsEnded > 0) {
            awaitIdle(HOLD_ANSWER_TIME, Duration.ofMillis(10));
        }
        int left = entryPoints.values().stream()
                .mapToInt(EntryPointServer::busyConnections)
                .sum();
        LOG.info(
                "shutdown-drained connections_cut={} holds_ended={} took_ms={}",
                left,
                holdsEnded,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
        close();
    }

    /** Waits up to {@code limit}, looking every {@code every}, until no connection has a request under way. */
    private void awaitIdle(Duration limit, Duration every) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && entryPoints.values().stream().anyMatch(e -> e.busyConnections() > 0)) {
            sleep(every);
        }
    }

    /** Whether shutdown has started ({@code /ping} answers the terminating status). */
    public boolean terminating() {
        return terminating;
    }

    /** Closes everything at once (no grace). */
    @Override
    public void close() {
        synchronized (this) { // not within a reload
            if (closed) {
                return;
            }
            closed = true;
        }
        terminating = true;
        readiness.terminating();
        entryPoints.values().forEach(e -> {
            e.stopAccepting();
            e.closeAll();
        });
        certificateWatch.shutdownNow();
        tlsServices.close();
        health.close();
        upstreams.close();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (accessLog != null) {
            accessLog.close();
        }
    }

    /**
     * Checks a configuration without serving it ({@code proxy --check}): the entrypoints' settings
     * and everything the compile would leave out of {@code dynamic}, one error per problem.
     */
    public static List<String> check(
            StaticConfig config, DynamicConfig dynamic, RuleCompiler rules, MiddlewareFactory middlewares) {
        List<String> errors = new ArrayList<>();
        StaticConfig effective;
        try {
            effective = withInternalEntryPoint(config);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return errors;
        }
        for (EntryPoint ep : effective.entryPoints().values()) {
            try {
                io.swarmedge.proxy.entrypoint.TrustedNetworks.of(
                        ep.forwardedHeaders().trustedIPs(),
                        ep.forwardedHeaders().insecure());
            } catch (IllegalArgumentException e) {
                errors.add("entrypoint \"" + ep.name() + "\": " + e.getMessage());
            }
        }
        IoTransport transport = IoTransport.best();
        EventLoopGroup group = transport.newGroup(1, "swarmedge-check");
        try (HealthChecker checker = new HealthChecker(group, transport, change -> {})) {
            UpstreamRegistry registry = new UpstreamRegistry(transport, System::nanoTime);
            Compilation compilation = new RuntimeCompiler(
                            rules, middlewares, registry, checker, ThreadLocalRandom.current())
                    .compile(effective, dynamic, 0);
            compilation.runtime().errors().forEach(e -> errors.add(e.toString()));
            CertificateGenerator generator = new CertificateGenerator(Clock.systemUTC(), new SecureRandom());
            TlsSelections.of(effective, dynamic, rules).forEach((name, selection) -> {
                try {
                    TlsContexts.build(dynamic.tls(), selection, generator, TlsEngine.preferred())
                            .problems()
                            .forEach(p -> errors.add("entrypoint \"" + name + "\" tls: " + p));
                } catch (RuntimeException e) {
                    errors.add("entrypoint \"" + name + "\" tls: " + e.getMessage());
                }
            });
            registry.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        return errors;
    }

    /** The static configuration a proxy started with {@code config} runs (internal entrypoint added). */
    public static StaticConfig effectiveConfig(StaticConfig config) {
        return withInternalEntryPoint(config);
    }

    /** Adds Traefik's {@code traefik} entrypoint (:8080) when ping or metrics need it and it is not configured. */
    static StaticConfig withInternalEntryPoint(StaticConfig config) {
        List<String> needed = new ArrayList<>();
        if (config.ping().enabled()) {
            needed.add(config.ping().entryPoint());
        }
        if (config.metrics().enabled()) {
            needed.add(config.metrics().entryPoint());
        }
        Map<String, EntryPoint> eps = new HashMap<>(config.entryPoints());
        boolean added = false;
        for (String name : needed) {
            if (!eps.containsKey(name) && name.equals(StaticConfig.INTERNAL_ENTRYPOINT)) {
                eps.put(
                        name,
                        new EntryPoint(
                                name,
                                "",
                                INTERNAL_PORT,
                                EntryPoint.Redirection.NONE,
                                List.of(),
                                RouterTls.NONE,
                                EntryPoint.ForwardedHeaders.NONE,
                                EntryPoint.RespondingTimeouts.DEFAULT,
                                EntryPoint.LifeCycle.DEFAULT,
                                EntryPoint.Limits.DEFAULT));
                added = true;
            } else if (!eps.containsKey(name)) {
                throw new IllegalArgumentException("entrypoint \"" + name + "\" used by ping/metrics is not defined");
            }
        }
        if (!added) {
            return config;
        }
        return new StaticConfig(
                eps,
                config.providers(),
                config.ping(),
                config.metrics(),
                config.accessLog(),
                config.log(),
                config.defaultRuleSyntax(),
                config.certificatesResolvers(),
                config.serversTransport());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "swarmedge";
        }
    }
}
