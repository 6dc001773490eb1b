package io.swarmedge.proxy.runtime;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.Rule;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.StaticConfig;
import io.swarmedge.proxy.tls.TlsContexts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which TLS options apply where, per entrypoint that serves TLS: the entrypoint's {@code
 * http.tls.options} (else {@code default}) and, per exact host of a router's rule, the router's
 * {@code tls.options}. An entrypoint serves TLS when it has {@code http.tls} or a router on it has
 * {@code tls}. When two routers of one host name different options, the first by name wins.
 */
public final class TlsSelections {
    private TlsSelections() {}

    /** Entrypoint name → selection, for the entrypoints that serve TLS. */
    public static Map<String, TlsContexts.Selection> of(
            StaticConfig staticConfig, DynamicConfig config, RuleCompiler rules) {
        Map<String, Map<String, String>> byEntryPoint = new TreeMap<>();
        for (EntryPoint ep : staticConfig.entryPoints().values()) {
            if (ep.tls().enabled()) {
                byEntryPoint.put(ep.name(), new HashMap<>());
            }
        }
        for (Map.Entry<String, Router> entry : new TreeMap<>(config.http().routers()).entrySet()) {
            Router router = entry.getValue();
            List<String> eps = router.entryPoints();
            if (eps.isEmpty()) {
                eps = staticConfig.entryPoints().keySet().stream()
                        .filter(ep -> !ep.equals(StaticConfig.INTERNAL_ENTRYPOINT))
                        .toList();
            }
            for (String name : eps) {
                EntryPoint ep = staticConfig.entryPoints().get(name);
                if (ep == null || !(router.tls().enabled() || ep.tls().enabled())) {
                    continue;
                }
                Map<String, String> hosts = byEntryPoint.computeIfAbsent(name, n -> new HashMap<>());
                String options = router.tls().options();
                if (!options.isEmpty()) {
                    for (String host : hosts(router, staticConfig, rules)) {
                        hosts.putIfAbsent(host, options);
                    }
                }
            }
        }
        Map<String, TlsContexts.Selection> result = new TreeMap<>();
        byEntryPoint.forEach((name, hosts) -> {
            String options = staticConfig.entryPoints().get(name).tls().options();
            result.put(name, new TlsContexts.Selection(options.isEmpty() ? "default" : options, hosts));
        });
        return result;
    }

    private static Set<String> hosts(Router router, StaticConfig staticConfig, RuleCompiler rules) {
        RuleSyntax syntax =
                router.ruleSyntax() == RuleSyntax.DEFAULT ? staticConfig.defaultRuleSyntax() : router.ruleSyntax();
        if (syntax == RuleSyntax.DEFAULT) {
            syntax = RuleSyntax.V3;
        }
        try {
            Rule rule = rules.compile(router.rule(), syntax);
            Optional<Set<String>> hosts = rule.requiredHosts();
            return hosts.orElse(Set.of());
        } catch (Exception e) {
            return Set.of(); // the runtime compile reports the rule
        }
    }
}
