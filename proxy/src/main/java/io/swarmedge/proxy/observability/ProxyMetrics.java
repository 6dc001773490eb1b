package io.swarmedge.proxy.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics with Traefik's names and labels ({@code traefik_entrypoint_requests_total},
 * {@code traefik_service_request_duration_seconds}, …). Meters are looked up through small caches
 * keyed by status, method and protocol, so recording a request does not build tag lists.
 */
public final class ProxyMetrics {
    private static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private final boolean enabled;
    private final PrometheusMeterRegistry registry;
    private final Duration[] buckets;
    private final boolean entryPointLabels;
    private final boolean routerLabels;
    private final boolean serviceLabels;
    private final Map<String, Map<Integer, Pair>> entryPoints = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Counter>> routers = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Pair>> services = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openConnections = new ConcurrentHashMap<>();
    private final Map<List<String>, UpGauge> serverUp = new ConcurrentHashMap<>();
    private final Counter reloads;
    private final AtomicLong lastReloadSuccess = new AtomicLong();

    private record Pair(Counter counter, Timer timer) {}

    private record UpGauge(AtomicInteger value, Gauge gauge) {}

    /** Metrics that record nothing (metrics disabled). */
    public static ProxyMetrics disabled() {
        return new ProxyMetrics(false, List.of(0.1, 0.3, 1.2, 5.0), true, false, true);
    }

    /** Prometheus metrics with these histogram buckets (seconds) and label switches. */
    public static ProxyMetrics prometheus(
            List<Double> buckets, boolean entryPointLabels, boolean routerLabels, boolean serviceLabels) {
        return new ProxyMetrics(true, buckets, entryPointLabels, routerLabels, serviceLabels);
    }

    private ProxyMetrics(
            boolean enabled,
            List<Double> buckets,
            boolean entryPointLabels,
            boolean routerLabels,
            boolean serviceLabels) {
        this.enabled = enabled;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.buckets =
                buckets.stream().map(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
        this.entryPointLabels = entryPointLabels;
        this.routerLabels = routerLabels;
        this.serviceLabels = serviceLabels;
        this.reloads = Counter.builder("traefik.config.reloads")
                .description("Config reloads")
                .register(registry);
        Gauge.builder("traefik.config.last.reload.success", lastReloadSuccess, AtomicLong::get)
                .description("Last config reload success (unix seconds)")
                .register(registry);
    }

    /** Whether metrics are recorded and served. */
    public boolean enabled() {
        return enabled;
    }

    /** The registry, for components that register meters of their own (TLS stapling). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** The open-connections gauge of an entrypoint (incremented and decremented by the entrypoint). */
    public AtomicInteger openConnections(String entryPoint) {
        return openConnections.computeIfAbsent(entryPoint, ep -> {
            AtomicInteger value = new AtomicInteger();
            if (enabled && entryPointLabels) {
                Gauge.builder("traefik.entrypoint.open.connections", value, AtomicInteger::get)
                        .tags("entrypoint", ep, "protocol", "http")
                        .register(registry);
            }
            return value;
        });
    }

    /** Records a request an entrypoint answered. */
    public void entryPointRequest(String entryPoint, int code, String method, boolean websocket, long nanos) {
        if (!enabled || !entryPointLabels) {
            return;
        }
        Pair p = pair(entryPoints, "traefik.entrypoint", "entrypoint", entryPoint, code, method, websocket);
        p.counter.increment();
        p.timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records a request a router handled. */
    public void routerRequest(String router, String service, int code, String method, boolean websocket) {
        if (!enabled || !routerLabels) {
            return;
        }
        int key = key(code, method, websocket);
        routers.computeIfAbsent(router, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(
                        key,
                        k -> Counter.builder("traefik.router.requests")
                                .tags(
                                        "code",
                                        Integer.toString(code),
                                        "method",
                                        normalize(method),
                                        "protocol",
                                        websocket ? "websocket" : "http",
                                        "router",
                                        router,
                                        "service",
                                        service)
                                .register(registry))
                .increment();
    }

    /** Records a request a service forwarded (or failed to). */
    public void serviceRequest(String service, int code, String method, boolean websocket, long nanos) {
        if (!enabled || !serviceLabels) {
            return;
        }
        Pair p = pair(services, "traefik.service", "service", service, code, method, websocket);
        p.counter.increment();
        p.timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Sets {@code traefik_service_server_up{service,url}}. */
    public void serverUp(String service, String url, boolean up) {
        if (!enabled || !serviceLabels) {
            return;
        }
        serverUp.computeIfAbsent(List.of(service, url), k -> {
                    AtomicInteger value = new AtomicInteger(1);
                    Gauge gauge = Gauge.builder("traefik.service.server.up", value, AtomicInteger::get)
                            .tags("service", service, "url", url)
                            .register(registry);
                    return new UpGauge(value, gauge);
                })
                .value()
                .set(up ? 1 : 0);
    }

    /**
     * Registers {@code swarmedge_service_waiting_requests{service}}: requests waiting for a server of
     * the service ({@code serversTransport.unavailableHold}).
     */
    public void waitingRequests(String service, java.util.function.IntSupplier parked) {
        if (!enabled || !serviceLabels) {
            return;
        }
        Gauge.builder("swarmedge.service.waiting.requests", parked, java.util.function.IntSupplier::getAsInt)
                .tags("service", service)
                .strongReference(true)
                .register(registry);
    }

    /** Counts {@code swarmedge_service_hold_expired_total{service}}: waits that ended in a 503. */
    public void holdExpired(String service) {
        if (!enabled || !serviceLabels) {
            return;
        }
        Counter.builder("swarmedge.service.hold.expired")
                .tags("service", service)
                .register(registry)
                .increment();
    }

    /** Drops server-up gauges of servers no longer configured ({@code [service, url]} pairs). */
    public void retainServers(Set<List<String>> live) {
        serverUp.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue().gauge());
            return true;
        });
    }

    /** Records a configuration reload. */
    public void configReload(boolean success, long epochSeconds) {
        reloads.increment();
        if (success) {
            lastReloadSuccess.set(epochSeconds);
        }
    }

    private Pair pair(
            Map<String, Map<Integer, Pair>> cache,
            String prefix,
            String label,
            String value,
            int code,
            String method,
            boolean websocket) {
        Map<Integer, Pair> byKey = cache.get(value);
        if (byKey == null) {
            byKey = cache.computeIfAbsent(value, v -> new ConcurrentHashMap<>());
        }
        int key = key(code, method, websocket);
        Pair p = byKey.get(key);
        if (p == null) {
            p = byKey.computeIfAbsent(key, k -> {
                String[] tags = {
                    "code",
                    Integer.toString(code),
                    "method",
                    normalize(method),
                    "protocol",
                    websocket ? "websocket" : "http",
                    label,
                    value
                };
                return new Pair(
                        Counter.builder(prefix + ".requests").tags(tags).register(registry),
                        Timer.builder(prefix + ".request.duration")
                                .tags(tags)
                                .serviceLevelObjectives(buckets)
                                .register(registry));
            });
        }
        return p;
    }

    private static int key(int code, String method, boolean websocket) {
        int m = METHODS.indexOf(method);
        return (code << 5) | ((m + 1) << 1) | (websocket ? 1 : 0);
    }

    private static String normalize(String method) {
        return METHODS.contains(method) ? method : "EXTENSION_METHOD";
    }
}
