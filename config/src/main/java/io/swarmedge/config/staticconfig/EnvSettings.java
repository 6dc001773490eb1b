package io.swarmedge.config.staticconfig;

import io.swarmedge.config.dynamic.NameSuggestion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads environment variables {@code SWARMEDGE_<KEY>} and Traefik's {@code TRAEFIK_<KEY>}: the key
 * with dots (and list indexes) replaced by underscores, e.g. {@code
 * SWARMEDGE_ENTRYPOINTS_WEB_ADDRESS=:80}, {@code TRAEFIK_PING=true}. Names from the environment are
 * lower case, as in Traefik. When both prefixes set the same key, {@code SWARMEDGE_} wins.
 *
 * <p>Variables whose first segment is not a configuration section (such as {@code SWARMEDGE_HOME})
 * are not configuration and are ignored, unless they look like a misspelt section.
 */
final class EnvSettings {
    static final String PREFIX = "SWARMEDGE_";
    static final String TRAEFIK_PREFIX = "TRAEFIK_";

    private EnvSettings() {}

    static List<Setting> read(Map<String, String> env, List<String> errors) {
        List<Setting> settings = new ArrayList<>();
        // TRAEFIK_ first so that SWARMEDGE_ overrides it; sorted for stable error order
        for (String prefix : List.of(TRAEFIK_PREFIX, PREFIX)) {
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                String var = e.getKey();
                if (!var.regionMatches(true, 0, prefix, 0, prefix.length()) || var.length() == prefix.length()) {
                    continue;
                }
                String rest = var.substring(prefix.length()).toLowerCase(Locale.ROOT);
                if (rest.equals("configfile")) {
                    continue;
                }
                List<String> segments = Arrays.asList(rest.split("_", -1));
                if (!isConfigSection(segments.getFirst())) {
                    continue;
                }
                String origin = "env " + var;
                StaticKeys.Result r = StaticKeys.resolve(segments);
                if (r.resolved().isEmpty()) {
                    errors.add(origin + " " + r.problem());
                    continue;
                }
                settings.add(Setting.of(r.resolved().get(), e.getValue(), origin));
            }
        }
        return settings;
    }

    /** The configuration file named by {@code SWARMEDGE_CONFIGFILE} or {@code TRAEFIK_CONFIGFILE}. */
    static Optional<String> configFile(Map<String, String> env) {
        for (String var : List.of(PREFIX + "CONFIGFILE", TRAEFIK_PREFIX + "CONFIGFILE")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    private static boolean isConfigSection(String first) {
        // "entrypoint" is a misspelt section; "home" (SWARMEDGE_HOME) is not configuration at all
        int tolerance = Math.max(1, first.length() / 4);
        return StaticKeys.ROOT.children.keySet().stream().anyMatch(k -> NameSuggestion.distance(k, first) <= tolerance);
    }
}
