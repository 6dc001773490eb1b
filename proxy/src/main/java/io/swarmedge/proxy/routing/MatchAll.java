package io.swarmedge.proxy.routing;

import io.swarmedge.config.rule.RequestView;
import io.swarmedge.config.rule.Rule;
import java.util.Optional;
import java.util.Set;

/** A rule matching every request: the catch-all of generated routers (entrypoint redirections). */
public record MatchAll(String source) implements Rule {
    @Override
    public boolean matches(RequestView request) {
        return true;
    }

    @Override
    public Optional<Set<String>> requiredHosts() {
        return Optional.empty();
    }
}
