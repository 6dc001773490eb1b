package io.swarmedge.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HealthCheck;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.dynamic.Server;
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
import io.swarmedge.proxy.balancer.HealthChecker;
import io.swarmedge.proxy.balancer.LoadBalancer;
import io.swarmedge.proxy.transport.IoTransport;
import io.swarmedge.proxy.upstream.UpstreamRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeCompilerTest {
    private final IoTransport transport = IoTransport.best();
    private final EventLoopGroup group = transport.newGroup(1, "test");
    private final UpstreamRegistry upstreams = new UpstreamRegistry(transport, System::nanoTime);
    private final RuntimeCompiler compiler = new RuntimeCompiler(
            RuleParser::parse,
            MiddlewareFactory.standard(),
            upstreams,
            new HealthChecker(group, transport, c -> {}),
            new Random(1));

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static EntryPoint ep(String name, EntryPoint.Redirection redirection) {
        return new EntryPoint(
                name,
                "",
                80,
                redirection,
                List.of(),
                RouterTls.NONE,
                EntryPoint.ForwardedHeaders.NONE,
                EntryPoint.RespondingTimeouts.DEFAULT,
                EntryPoint.LifeCycle.DEFAULT,
                EntryPoint.Limits.DEFAULT);
    }

    private static StaticConfig statics(EntryPoint... eps) {
        Map<String, EntryPoint> map = new java.util.HashMap<>();
        for (EntryPoint e : eps) {
            map.put(e.name(), e);
        }
        return new StaticConfig(
                map,
                new Providers(Providers.FileProvider.DISABLED, Providers.SwarmProvider.DISABLED, Duration.ofSeconds(2)),
                Ping.DISABLED,
                Metrics.DISABLED,
                AccessLog.DISABLED,
                Log.DEFAULT,
                RuleSyntax.V3,
                Map.of(),
                StaticConfig.DefaultServersTransport.DEFAULT);
    }

    private static Router router(String rule, String service, List<String> eps, List<String> mws) {
        return new Router(rule, RuleSyntax.DEFAULT, 0, eps, mws, service, RouterTls.NONE);
    }

    private static Service lb(String... urls) {
        return new LoadBalancerService(
                java.util.Arrays.stream(urls)
                        .map(u -> new Server(URI.create(u), 1, false))
                        .toList(),
                LoadBalancerService.Strategy.WRR,
                true,
                HealthCheck.NONE,
                StickyCookie.NONE,
                Duration.ZERO,
                "");
    }

    private static DynamicConfig dynamic(
            Map<String, Router> routers, Map<String, Service> services, Map<String, Middleware> mws) {
        return new DynamicConfig(new HttpConfig(routers, services, mws, Map.of()), TlsConfig.EMPTY);
    }

    @Test
    void badPiecesAreReportedAndLeftOutWhileTheRestServes() {
        DynamicConfig config = dynamic(
                Map.of(
                        "ok@file", router("Host(`ok.test`)", "svc", List.of(), List.of()),
                        "badrule@file", router("Host(`x`", "svc", List.of(), List.of()),
                        "nosvc@file", router("Host(`y`)", "missing", List.of(), List.of()),
                        "nomw@file", router("Host(`z`)", "svc", List.of(), List.of("ghost")),
                        "noep@file", router("Host(`w`)", "svc", List.of("nowhere"), List.of())),
                Map.of("svc@file", lb("http://127.0.0.1:9")),
                Map.of());
        Runtime runtime = compiler.compile(statics(ep("web", EntryPoint.Redirection.NONE)), config, 1)
                .runtime();
        assertThat(runtime.table("web", false).size()).isEqualTo(1);
        assertThat(runtime.errors())
                .extracting(ConfigError::name)
                .contains("badrule@file", "nosvc@file", "nomw@file", "noep@file", "missing@file", "ghost@file");
        assertThat(runtime.errors().stream()
                        .filter(e -> e.name().equals("badrule@file"))
                        .findFirst()
                        .orElseThrow()
                        .message())
                .contains("Host(`x`");
    }

    @Test
    void upstreamsCarryOverReloadsWhenUnchanged() {
        StaticConfig statics = statics(ep("web", EntryPoint.Redirection.NONE));
        DynamicConfig one = dynamic(
                Map.of("r@file", router("PathPrefix(`/`)", "svc", List.of(), List.of())),
                Map.of("svc@file", lb("http://127.0.0.1:9001", "http://127.0.0.1:9002")),
                Map.of());
        DynamicConfig two = dynamic(
                Map.of("r@file", router("PathPrefix(`/`)", "svc", List.of(), List.of())),
                Map.of("svc@file", lb("http://127.0.0.1:9002", "http://127.0.0.1:9003")),
                Map.of());
        Compilation first = compiler.compile(statics, one, 1);
        upstreams.retain(first.upstreams());
        Compilation second = compiler.compile(statics, two, 2);
        upstreams.retain(second.upstreams());
        var a = ((LoadBalancer) first.runtime().services().get("svc@file"))
                .endpoints()
                .get(1)
                .upstream();
        var b = ((LoadBalancer) second.runtime().services().get("svc@file"))
                .endpoints()
                .get(0)
                .upstream();
        assertThat(b).isSameAs(a);
        assertThat(upstreams.size()).isEqualTo(2);
    }

    @Test
    void entryPointRedirectionBecomesAGeneratedRouter() {
        EntryPoint web = ep("web", new EntryPoint.Redirection(true, "websecure", "https", true, Integer.MAX_VALUE - 1));
        Runtime runtime = compiler.compile(
                        statics(web, ep("websecure", EntryPoint.Redirection.NONE)), DynamicConfig.EMPTY, 1)
                .runtime();
        assertThat(runtime.table("web", false).size()).isEqualTo(1);
        assertThat(runtime.errors()).isEmpty();
    }

    @Test
    void routersWithoutEntryPointsSkipTheInternalOne() {
        DynamicConfig config = dynamic(
                Map.of("r@file", router("PathPrefix(`/`)", "svc", List.of(), List.of())),
                Map.of("svc@file", lb("http://127.0.0.1:9001")),
                Map.of());
        Runtime runtime = compiler.compile(
                        statics(ep("web", EntryPoint.Redirection.NONE), ep("traefik", EntryPoint.Redirection.NONE)),
                        config,
                        1)
                .runtime();
        assertThat(runtime.table("web", false).size()).isEqualTo(1);
        assertThat(runtime.table("traefik", false).size()).isZero();
    }
}
