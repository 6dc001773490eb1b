package io.swarmedge.acme;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.Rule;
import io.swarmedge.config.rule.RuleParser;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.config.staticconfig.StaticConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The certificates a configuration asks for, as Traefik reads them: for each router with {@code
 * tls.certresolver}, one certificate per {@code tls.domains} entry, or, without domains, one
 * certificate for all the hosts of its {@code Host(...)} rule (the first in sorted order as main name,
 * so every replica names the same store entry).
 *
 * <p>A router without a {@code tls} section of its own takes that of its entrypoints' {@code
 * http.tls} ({@code entrypoints.<n>.http.tls.certResolver} and {@code .domains}), as in Traefik:
 * one demand per TLS entrypoint it is on (every entrypoint but the internal one when it names
 * none).
 */
public final class Demands {
    private Demands() {}

    /**
     * What a configuration demands.
     *
     * @param demands the certificates to keep
     * @param problems routers whose demand cannot be made, each naming the router
     */
    public record Result(Set<Demand> demands, List<String> problems) {
        public Result {
            demands = Set.copyOf(demands);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Collects the demands of every router with a certificate resolver of its own (routers' {@code
     * tls.certresolver} only; entrypoints' defaults need {@link #of(DynamicConfig, StaticConfig)}).
     *
     * @param defaultSyntax the static {@code core.defaultRuleSyntax}
     */
    public static Result of(DynamicConfig config, RuleSyntax defaultSyntax) {
        return of(config, defaultSyntax, Map.of());
    }

    /**
     * Collects the demands of every router with a certificate resolver, its own or, when it has no
     * {@code tls} section, its entrypoints' {@code http.tls.certResolver}.
     */
    public static Result of(DynamicConfig config, StaticConfig staticConfig) {
        return of(config, staticConfig.defaultRuleSyntax(), staticConfig.entryPoints());
    }

    private static Result of(DynamicConfig config, RuleSyntax defaultSyntax, Map<String, EntryPoint> entryPoints) {
        Set<Demand> demands = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Router> entry : new TreeMap<>(config.http().routers()).entrySet()) {
            String name = entry.getKey();
            Router router = entry.getValue();
            for (Map.Entry<String, RouterTls> effective :
                    effectiveTls(router, entryPoints).entrySet()) {
                RouterTls tls = effective.getValue();
                if (!tls.enabled() || tls.certResolver().isBlank()) {
                    continue;
                }
                String resolver = tls.certResolver().strip();
                String key = effective.getKey();
                try {
                    if (!tls.domains().isEmpty()) {
                        for (RouterTls.Domain domain : tls.domains()) {
                            demands.add(new Demand(resolver, new DomainSet(domain.main(), domain.sans())));
                        }
                        continue;
                    }
                    Rule rule = RuleParser.parse(router.rule(), router.ruleSyntax(), defaultSyntax);
                    Optional<Set<String>> hosts = rule.requiredHosts();
                    if (hosts.isEmpty() || hosts.get().isEmpty()) {
                        problems.add("router \"" + name + "\": " + key + " " + resolver
                                + " needs Host(...) in the rule or tls.domains to know which names to order");
                        continue;
                    }
                    // sorted: every replica must pick the same main name (it names the store entry)
                    List<String> names = new ArrayList<>(new java.util.TreeSet<>(hosts.get()));
                    demands.add(new Demand(resolver, new DomainSet(names.getFirst(), names.subList(1, names.size()))));
                } catch (IllegalArgumentException e) { // RuleSyntaxException too: names the column
                    problems.add("router \"" + name + "\": " + key + " " + resolver + ": " + e.getMessage());
                }
            }
        }
        return new Result(demands, problems);
    }

    /**
     * The TLS sections that apply to a router, by the key they come from: its own ({@code
     * tls.certresolver}), else each of its entrypoints' {@code http.tls}.
     */
    private static Map<String, RouterTls> effectiveTls(Router router, Map<String, EntryPoint> entryPoints) {
        if (router.tls().enabled()) {
            return Map.of("tls.certresolver", router.tls());
        }
        List<String> names = router.entryPoints().isEmpty()
                ? entryPoints.keySet().stream()
                        .filter(n -> !n.equals(StaticConfig.INTERNAL_ENTRYPOINT))
                        .sorted()
                        .toList()
                : router.entryPoints();
        Map<String, RouterTls> result = new java.util.LinkedHashMap<>();
        for (String epName : names) {
            EntryPoint ep = entryPoints.get(epName);
            if (ep != null && ep.tls().enabled()) {
                result.put("entrypoints." + epName + ".http.tls.certResolver", ep.tls());
            }
        }
        return result;
    }
}
