package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of every provider, names qualified ({@code hsts@file}) and references checked,
 * with every problem found on the way (from providers and from the cross-reference checks).
 *
 * @param providers the providers whose snapshot this merge includes (the proxy is ready once every
 *     configured provider is in)
 */
public record Merged(DynamicConfig config, List<ConfigError> errors, Set<String> providers) {
    public static final Merged EMPTY = new Merged(DynamicConfig.EMPTY, List.of(), Set.of());

    public Merged {
        errors = List.copyOf(errors);
        providers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(providers));
    }

    /** A merge of no particular provider. */
    public Merged(DynamicConfig config, List<ConfigError> errors) {
        this(config, errors, Set.of());
    }
}
