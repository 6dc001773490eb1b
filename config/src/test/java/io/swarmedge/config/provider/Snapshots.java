package io.swarmedge.config.provider;

import io.swarmedge.config.dynamic.ConfigSyntaxException;
import io.swarmedge.config.dynamic.Decoded;
import io.swarmedge.config.dynamic.DynamicConfigDecoder;

/** Builds provider snapshots from YAML for tests. */
final class Snapshots {
    private Snapshots() {}

    static ProviderSnapshot of(String provider, String yaml) {
        try {
            Decoded d = DynamicConfigDecoder.decodeYaml(provider + ".yml", yaml);
            return new ProviderSnapshot(provider, d.config(), d.errors());
        } catch (ConfigSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
