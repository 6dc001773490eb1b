package io.swarmedge.proxy;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.dynamic.Server;
import io.swarmedge.config.dynamic.ServersTransport;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.dynamic.StickyCookie;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.staticconfig.AccessLog;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.Log;
import io.swarmedge.config.staticconfig.Metrics;
import io.swarmedge.config.staticconfig.Ping;
import io.swarmedge.config.staticconfig.Providers;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.proxy.runtime.MiddlewareFactory;
import io.swarmedge.proxy.runtime.RuleCompiler;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for the configuration records tests need. */
final class TestConfigs {
    static final RuleCompiler RULES = RuleParser::parse;

    static final MiddlewareFactory MIDDLEWARES = MiddlewareFactory.standard();

    private TestConfigs() {}

    static EntryPoint entryPoint(String name) {
        return entryPoint(name, EntryPoint.RespondingTimeouts.DEFAULT, EntryPoint.Limits.DEFAULT);
    }

    static EntryPoint entryPoint(String name, EntryPoint.RespondingTimeouts timeouts, EntryPoint.Limits limits) {
        return entryPoint(name, timeouts, limits, EntryPoint.LifeCycle.DEFAULT, EntryPoint.ForwardedHeaders.NONE);
    }

    static EntryPoint entryPoint(
            String name,
            EntryPoint.RespondingTimeouts timeouts,
            EntryPoint.Limits limits,
            EntryPoint.LifeCycle lifeCycle,
            EntryPoint.ForwardedHeaders forwarded) {
        return new EntryPoint(
                name,
                "127.0.0.1",
                0,
                EntryPoint.Redirection.NONE,
                List.of(),
                RouterTls.NONE,
                forwarded,
                timeouts,
                lifeCycle,
                limits);
    }

    static StaticConfig staticConfig(EntryPoint... entryPoints) {
        return staticConfig(Ping.DISABLED, Metrics.DISABLED, entryPoints);
    }

    static StaticConfig staticConfig(Ping ping, Metrics metrics, EntryPoint... entryPoints) {
        return staticConfig(NO_HOLD, ping, metrics, entryPoints);
    }

    static StaticConfig staticConfig(
            StaticConfig.DefaultServersTransport transport, Ping ping, Metrics metrics, EntryPoint... entryPoints) {
        Map<String, EntryPoint> eps = new HashMap<>();
        Arrays.stream(entryPoints).forEach(ep -> eps.put(ep.name(), ep));
        return new StaticConfig(
                eps,
                new Providers(Providers.FileProvider.DISABLED, Providers.SwarmProvider.DISABLED, Duration.ofSeconds(2)),
                ping,
                metrics,
                AccessLog.DISABLED,
                Log.DEFAULT,
                RuleSyntax.V3,
                Map.of(),
                transport);
    }

    /** Traefik's behaviour (503 at once for a service without servers); UnavailableHoldIT tests the hold. */
    static final StaticConfig.DefaultServersTransport NO_HOLD = withHold(Duration.ZERO);

    static StaticConfig.DefaultServersTransport withHold(Duration hold) {
        StaticConfig.DefaultServersTransport d = StaticConfig.DefaultServersTransport.DEFAULT;
        return new StaticConfig.DefaultServersTransport(
                d.insecureSkipVerify(),
                d.rootCAs(),
                d.maxIdleConnsPerHost(),
                d.dialTimeout(),
                d.responseHeaderTimeout(),
                d.idleConnTimeout(),
                hold);
    }

    static Router router(String rule, String service, String... middlewares) {
        return new Router(rule, RuleSyntax.DEFAULT, 0, List.of(), List.of(middlewares), service, RouterTls.NONE);
    }

    static Router router(String rule, int priority, String service) {
        return new Router(rule, RuleSyntax.DEFAULT, priority, List.of(), List.of(), service, RouterTls.NONE);
    }

    static LoadBalancerService lb(URI... servers) {
        return lb(HealthCheck.NONE, servers);
    }

    static LoadBalancerService lb(HealthCheck check, URI... servers) {
        return new LoadBalancerService(
                Arrays.stream(servers).map(u -> new Server(u, 1, false)).toList(),
                LoadBalancerService.Strategy.WRR,
                true,
                check,
                StickyCookie.NONE,
                Duration.ofMillis(100),
                "");
    }

    static DynamicConfig config(Map<String, Router> routers, Map<String, Service> services) {
        return config(routers, services, Map.of(), Map.of());
    }

    static DynamicConfig config(
            Map<String, Router> routers,
            Map<String, Service> services,
            Map<String, Middleware> middlewares,
            Map<String, ServersTransport> transports) {
        return new DynamicConfig(new HttpConfig(routers, services, middlewares, transports), TlsConfig.EMPTY);
    }

    static HealthCheck healthCheck(String path, Duration interval) {
        return new HealthCheck(
                true, "", path, "GET", 0, 0, "", interval, interval, Duration.ofSeconds(1), Map.of(), true);
    }
}
