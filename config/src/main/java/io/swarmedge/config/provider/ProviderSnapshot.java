package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import java.util.List;

/**
 * Everything one provider currently says, with names not yet qualified.
 *
 * @param provider the provider's name
 * @param config the valid objects
 * @param errors what was left out, and why
 */
public record ProviderSnapshot(String provider, DynamicConfig config, List<ConfigError> errors) {
    public ProviderSnapshot {
        errors = List.copyOf(errors);
    }
}
