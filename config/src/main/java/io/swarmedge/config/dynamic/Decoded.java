package io.swarmedge.config.dynamic;

import java.util.List;

/**
 * The result of decoding one configuration source: everything valid, plus one error per object
 * that was left out.
 */
public record Decoded(DynamicConfig config, List<ConfigError> errors) {
    public Decoded {
        errors = List.copyOf(errors);
    }
}
