package io.swarmedge.acme;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.Rule;
import io.swarmedge.config.rule.RuleParser;
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
     * Collects the demands of every router with a certificate resolver.
     *
     * @param defaultSyntax the static {@code core.defaultRuleSyntax}
     */
    public static Result of(DynamicConfig config, RuleSyntax defaultSyntax) {
        Set<Demand> demands = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Router> entry : new TreeMap<>(config.http().routers()).entrySet()) {
            String name = entry.getKey();
            Router router = entry.getValue();
            RouterTls tls = router.tls();
            if (!tls.enabled() || tls.certResolver().isBlank()) {
                continue;
            }
            String resolver = tls.certResolver().strip();
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
                    problems.add("router \"" + name + "\": tls.certresolver " + resolver
                            + " needs Host(...) in the rule or tls.domains to know which names to order");
                    continue;
                }
                // sorted: every replica must pick the same main name (it names the store entry)
                List<String> names = new ArrayList<>(new java.util.TreeSet<>(hosts.get()));
                demands.add(new Demand(resolver, new DomainSet(names.getFirst(), names.subList(1, names.size()))));
            } catch (IllegalArgumentException e) { // RuleSyntaxException too: names the column
                problems.add("router \"" + name + "\": tls.certresolver " + resolver + ": " + e.getMessage());
            }
        }
        return new Result(demands, problems);
    }
}
