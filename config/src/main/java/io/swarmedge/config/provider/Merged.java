package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import java.util.List;

/**
 * The configuration of every provider, names qualified ({@code hsts@file}) and references checked,
 * with every problem found on the way (from providers and from the cross-reference checks).
 */
public record Merged(DynamicConfig config, List<ConfigError> errors) {
    public static final Merged EMPTY = new Merged(DynamicConfig.EMPTY, List.of());

    public Merged {
        errors = List.copyOf(errors);
    }
}
