package io.swarmedge.config.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.TlsOptions;
import io.swarmedge.config.dynamic.WeightedService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigMergerTest {
    private final ConfigMerger merger = new ConfigMerger(ConfigMerger.DEFAULT_INTERNAL_SERVICES, Set.of());

    @Test
    void namesAreQualifiedAndReferencesWithoutProviderGetTheirs() {
        Merged merged = merger.merge(List.of(Snapshots.of("file", """
                        http:
                          middlewares:
                            hsts: {headers: {stsSeconds: 60}}
                            both: {chain: {middlewares: [hsts, strip@swarm]}}
                          routers:
                            r: {rule: "Host(`a`)", service: s, middlewares: [both], tls: {options: modern}}
                          services:
                            s: {loadBalancer: {serversTransport: fast}}
                            split: {weighted: {services: [{name: s, weight: 1}, {name: wp@swarm, weight: 2}]}}
                          serversTransports:
                            fast: {}
                        tls:
                          options:
                            modern: {minVersion: VersionTLS13}
                        """), Snapshots.of("swarm", """
                        http:
                          middlewares:
                            strip: {stripPrefix: {prefixes: [/x]}}
                          routers:
                            wp: {rule: "Host(`b`)", service: wp, middlewares: [hsts@file]}
                          services:
                            wp: {loadBalancer: {}}
                        """)));

        assertThat(merged.errors()).isEmpty();
        var http = merged.config().http();
        assertThat(http.routers()).containsOnlyKeys("r@file", "wp@swarm");
        assertThat(http.routers().get("r@file").service()).isEqualTo("s@file");
        assertThat(http.routers().get("r@file").middlewares()).containsExactly("both@file");
        assertThat(http.routers().get("r@file").tls().options()).isEqualTo("modern@file");
        assertThat(http.routers().get("wp@swarm").middlewares()).containsExactly("hsts@file");
        assertThat(http.middlewares().get("both@file"))
                .isEqualTo(new Middleware.Chain(List.of("hsts@file", "strip@swarm")));
        assertThat(http.services().get("split@file"))
                .isInstanceOfSatisfying(
                        WeightedService.class,
                        w -> assertThat(w.services())
                                .extracting(WeightedService.WeightedRef::name)
                                .containsExactly("s@file", "wp@swarm"));
        assertThat(http.serversTransports()).containsOnlyKeys("fast@file");
        assertThat(merged.config().tls().options()).containsKeys("modern@file", "default");
        assertThat(merged.config().tls().options().get("default")).isEqualTo(TlsOptions.DEFAULT);
    }

    @Test
    void defaultTlsOptionsStayUnqualifiedAndAnswerToTheSeedsName() {
        Merged merged = merger.merge(List.of(Snapshots.of("file", """
                tls:
                  options:
                    default: {minVersion: VersionTLS12, sniStrict: true}
                http:
                  routers:
                    a: {rule: "Host(`a`)", service: noop@internal, tls: {options: default}}
                    b: {rule: "Host(`b`)", service: noop@internal, tls: {options: default@file}}
                """)));
        assertThat(merged.errors()).isEmpty();
        assertThat(merged.config().tls().options()).containsOnlyKeys("default", "default@file");
        assertThat(merged.config().tls().options().get("default").sniStrict()).isTrue();
        assertThat(merged.config().http().routers().get("a@file").tls().options())
                .isEqualTo("default");
        assertThat(merged.config().http().routers()).containsKeys("a@file", "b@file");
    }

    @Test
    void danglingReferencesLeaveTheRouterOutWithAnErrorNamingIt() {
        Merged merged = merger.merge(List.of(Snapshots.of("file", """
                http:
                  routers:
                    nosvc: {rule: "Host(`a`)", service: missing}
                    nomw: {rule: "Host(`b`)", service: s, middlewares: [hsts]}
                    noopts: {rule: "Host(`c`)", service: s, tls: {options: strict}}
                    ok: {rule: "Host(`d`)", service: s}
                  services:
                    s: {loadBalancer: {}}
                """)));
        assertThat(merged.config().http().routers()).containsOnlyKeys("ok@file");
        assertThat(merged.errors())
                .extracting(ConfigError::toString)
                .containsExactlyInAnyOrder(
                        "router \"nomw@file\": refers to middleware \"hsts@file\", which does not exist or was left out; it is left out",
                        "router \"noopts@file\": refers to TLS options \"strict@file\", which does not exist or was left out; it is left out",
                        "router \"nosvc@file\": refers to service \"missing@file\", which does not exist or was left out; it is left out");
    }

    @Test
    void loopsAreDetectedAndCascade() {
        Merged merged = merger.merge(List.of(Snapshots.of("file", """
                http:
                  middlewares:
                    a: {chain: {middlewares: [b]}}
                    b: {chain: {middlewares: [c]}}
                    c: {chain: {middlewares: [a]}}
                    self: {chain: {middlewares: [self]}}
                    uses: {chain: {middlewares: [a]}}
                    fine: {addPrefix: {prefix: /x}}
                  services:
                    w1: {weighted: {services: [{name: w2}]}}
                    w2: {weighted: {services: [{name: w1}]}}
                    lb: {loadBalancer: {}}
                  routers:
                    r1: {rule: "Host(`a`)", service: lb, middlewares: [uses]}
                    r2: {rule: "Host(`b`)", service: w1}
                    r3: {rule: "Host(`c`)", service: lb, middlewares: [fine]}
                """)));
        assertThat(merged.config().http().middlewares()).containsOnlyKeys("fine@file");
        assertThat(merged.config().http().services()).containsOnlyKeys("lb@file");
        assertThat(merged.config().http().routers()).containsOnlyKeys("r3@file");
        assertThat(merged.errors())
                .extracting(ConfigError::toString)
                .anySatisfy(e -> assertThat(e)
                        .startsWith("middleware \"a@file\": is part of a loop: a@file → b@file → c@file → a@file"))
                .anySatisfy(e ->
                        assertThat(e).startsWith("middleware \"self@file\": is part of a loop: self@file → self@file"))
                .anySatisfy(e -> assertThat(e).startsWith("service \"w1@file\": is part of a loop"))
                .anySatisfy(e ->
                        assertThat(e).startsWith("middleware \"uses@file\": chain refers to middleware \"a@file\""))
                .anySatisfy(e -> assertThat(e).startsWith("router \"r1@file\": refers to middleware \"uses@file\""))
                .anySatisfy(e -> assertThat(e).startsWith("router \"r2@file\": refers to service \"w1@file\""));
    }

    @Test
    void providerErrorsArePassedOnAndMissingTransportsLeaveServicesOut() {
        Merged merged = merger.merge(List.of(Snapshots.of("file", """
                http:
                  middlewares:
                    bad: {rateLimit: {average: 1}}
                  services:
                    s: {loadBalancer: {serversTransport: nope}}
                """)));
        assertThat(merged.errors())
                .extracting(ConfigError::toString)
                .containsExactly(
                        "file.yml:3: http.middlewares.bad.rateLimit: middleware \"bad\" type \"rateLimit\" is not supported by swarmedge",
                        "service \"s@file\": refers to serversTransport \"nope@file\", which does not exist or was left out; it is left out");
    }

    @Test
    void entrypointsAreCheckedWhenKnown() {
        ConfigMerger strict = new ConfigMerger(Set.of(), Set.of("web"));
        Merged merged = strict.merge(List.of(Snapshots.of("file", """
                http:
                  routers:
                    a: {rule: "Host(`a`)", service: s, entryPoints: [web]}
                    b: {rule: "Host(`b`)", service: s, entryPoints: [websecure]}
                  services:
                    s: {loadBalancer: {}}
                """)));
        assertThat(merged.config().http().routers()).containsOnlyKeys("a@file");
        assertThat(merged.errors()).singleElement().asString().contains("entrypoint \"websecure\"");
    }

    @Test
    void defaultTlsOptionsFromTwoProvidersIsAnError() {
        Merged merged = merger.merge(List.of(
                Snapshots.of("file", "tls: {options: {default: {sniStrict: true}}}"),
                Snapshots.of("swarm", "tls: {options: {default: {sniStrict: false}}}")));
        assertThat(merged.config().tls().options().get("default").sniStrict()).isTrue();
        assertThat(merged.errors()).singleElement().asString().contains("defined by providers file and swarm");
    }
}
