package io.swarmedge.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.HttpConfig;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.dynamic.TlsConfig;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.config.staticconfig.StaticConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemandsTest {
    private static Router router(String rule, RouterTls tls) {
        return new Router(rule, RuleSyntax.DEFAULT, 0, List.of("websecure"), List.of(), "svc", tls);
    }

    private static RouterTls resolver(String name, RouterTls.Domain... domains) {
        return new RouterTls(true, "", name, List.of(domains));
    }

    @Test
    void routersWithAResolverDemandTheirHostsOrTheirDomains() {
        DynamicConfig config = new DynamicConfig(
                new HttpConfig(
                        Map.of(
                                "wp", router("Host(`WWW.Example.com`) || Host(`example.com`)", resolver("le")),
                                "api", router("Host(`api.example.com`) && PathPrefix(`/v1`)", resolver("le")),
                                "same", router("Host(`api.example.com`)", resolver("le")),
                                "listed",
                                        router(
                                                "PathPrefix(`/`)",
                                                resolver(
                                                        "le",
                                                        new RouterTls.Domain("*.example.org", List.of("example.org")))),
                                "plain", router("Host(`plain.example.com`)", RouterTls.NONE),
                                "noresolver",
                                        router("Host(`self.example.com`)", new RouterTls(true, "", "", List.of())),
                                "anyhost", router("PathPrefix(`/x`)", resolver("le")),
                                "broken", router("Host(`a.example.com`", resolver("le"))),
                        Map.of(),
                        Map.of(),
                        Map.of()),
                TlsConfig.EMPTY);

        Demands.Result result = Demands.of(config, RuleSyntax.V3);

        assertThat(result.demands())
                .containsExactlyInAnyOrder(
                        new Demand("le", DomainSet.of("example.com", "www.example.com")),
                        new Demand("le", DomainSet.of("api.example.com")),
                        new Demand("le", DomainSet.of("*.example.org", "example.org")));
        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems().get(0)).startsWith("router \"anyhost\": tls.certresolver le needs Host(...)");
        assertThat(result.problems().get(1)).startsWith("router \"broken\": tls.certresolver le: ");
    }

    @Test
    void routersWithoutTlsTakeTheirEntryPointsCertResolverAndDomains() throws Exception {
        StaticConfig staticConfig = StaticConfigLoader.load(
                List.of(
                        "--entrypoints.web.address=:80",
                        "--entrypoints.websecure.address=:443",
                        "--entrypoints.websecure.http.tls.certResolver=le",
                        "--entrypoints.listed.address=:8443",
                        "--entrypoints.listed.http.tls.certResolver=other",
                        "--entrypoints.listed.http.tls.domains[0].main=example.net",
                        "--entrypoints.listed.http.tls.domains[0].sans=*.example.net",
                        "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web",
                        "--certificatesresolvers.other.acme.httpchallenge.entrypoint=web"),
                Map.of());
        DynamicConfig config = new DynamicConfig(
                new HttpConfig(
                        Map.of(
                                "secure", on("Host(`a.example.com`)", RouterTls.NONE, "websecure"),
                                "own", on("Host(`b.example.com`)", resolver("mine"), "websecure"),
                                "selfsigned",
                                        on(
                                                "Host(`c.example.com`)",
                                                new RouterTls(true, "", "", List.of()),
                                                "websecure"),
                                "plain", on("Host(`d.example.com`)", RouterTls.NONE, "web"),
                                "everywhere",
                                        new Router(
                                                "Host(`e.example.com`)",
                                                RuleSyntax.DEFAULT,
                                                0,
                                                List.of(),
                                                List.of(),
                                                "svc",
                                                RouterTls.NONE),
                                "anyhost", on("PathPrefix(`/x`)", RouterTls.NONE, "websecure")),
                        Map.of(),
                        Map.of(),
                        Map.of()),
                TlsConfig.EMPTY);

        Demands.Result result = Demands.of(config, staticConfig);

        assertThat(result.demands())
                .containsExactlyInAnyOrder(
                        new Demand("le", DomainSet.of("a.example.com")),
                        new Demand("mine", DomainSet.of("b.example.com")),
                        new Demand("le", DomainSet.of("e.example.com")),
                        new Demand("other", DomainSet.of("example.net", "*.example.net")));
        assertThat(result.problems())
                .containsExactly("router \"anyhost\": entrypoints.websecure.http.tls.certResolver le needs Host(...)"
                        + " in the rule or tls.domains to know which names to order");
        // without the static configuration only routers' own resolvers count
        assertThat(Demands.of(config, RuleSyntax.V3).demands())
                .containsExactly(new Demand("mine", DomainSet.of("b.example.com")));
    }

    private static Router on(String rule, RouterTls tls, String entryPoint) {
        return new Router(rule, RuleSyntax.DEFAULT, 0, List.of(entryPoint), List.of(), "svc", tls);
    }
}
