package io.swarmedge.config.staticconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the proxy's {@link StaticConfig} from Traefik-style sources: a YAML file ({@code
 * --configfile FILE} or {@code --configFile=FILE}, also {@code SWARMEDGE_CONFIGFILE}), environment
 * variables ({@code SWARMEDGE_ENTRYPOINTS_WEB_ADDRESS=:80}, Traefik's {@code TRAEFIK_} prefix too) and
 * flags ({@code --entrypoints.web.address=:80}, {@code --ping}).
 *
 * <p>Precedence, per key: file &lt; environment &lt; flags (Traefik uses only one source at a time;
 * swarmedge merges them so a flag can override one file setting). Keys are case-insensitive.
 *
 * <p>Every key must be known: an unknown key is an error naming it as written, with a suggestion
 * for near misses; a value of the wrong type names the key and the value. All errors are collected
 * and reported together.
 *
 * <p>Keys beyond Traefik's (swarmedge extensions, in Traefik's style): {@code
 * entryPoints.<n>.http.maxHeaderBytes} (request line and headers, default 1 MiB), {@code
 * entryPoints.<n>.http.maxHeaderCount} (default 100), {@code entryPoints.<n>.transport.maxConnections}
 * (open client connections, 0 = unlimited). {@code transport.keepAliveMaxRequests} and {@code
 * transport.keepAliveMaxTime} are Traefik's own. Traefik keys that have no meaning here are accepted
 * without effect: {@code global.checkNewVersion}, {@code global.sendAnonymousUsage} (swarmedge never
 * phones home) and {@code api=false}; {@code api} enabled is an error (there is no dashboard).
 *
 * <p>Defaults as Traefik: with no entrypoint declared, {@code http} on :80; the {@code traefik}
 * entrypoint on :8080 is added when ping or metrics use it without declaring it. v2's {@code
 * providers.docker} with {@code swarmMode=true} configures the Swarm provider.
 */
public final class StaticConfigLoader {
    private StaticConfigLoader() {}

    /**
     * Loads and validates the static configuration.
     *
     * @param args the {@code --key[=value]} tokens (as picocli leaves them unmatched)
     * @param env the environment ({@code System.getenv()})
     * @throws StaticConfigException listing every problem
     */
    public static StaticConfig load(List<String> args, Map<String, String> env) throws StaticConfigException {
        List<String> errors = new ArrayList<>();
        FlagSettings.Parsed flags = FlagSettings.read(args, errors);
        Optional<String> configFile = flags.configFile().or(() -> EnvSettings.configFile(env));
        Map<String, Setting> merged = new LinkedHashMap<>();
        configFile.ifPresent(f -> put(merged, FileSettings.read(Path.of(f), errors)));
        put(merged, EnvSettings.read(env, errors));
        put(merged, flags.settings());
        StaticConfig config = new StaticConfigBuilder(merged, env, errors).build();
        if (!errors.isEmpty()) {
            throw new StaticConfigException(List.copyOf(new java.util.LinkedHashSet<>(errors)));
        }
        return config;
    }

    /**
     * Every supported key with its kind, e.g. {@code entryPoints.<name>.address  (string)}, for
     * help output. Keys are case-insensitive; flags take them as {@code --key=value}, the
     * environment as {@code SWARMEDGE_KEY} with dots as underscores.
     */
    public static List<String> supportedKeys() {
        return StaticKeys.describeAll();
    }

    private static void put(Map<String, Setting> merged, List<Setting> settings) {
        for (Setting s : settings) {
            merged.remove(s.key());
            merged.put(s.key(), s);
        }
    }
}
