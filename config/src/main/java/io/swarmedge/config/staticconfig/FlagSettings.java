package io.swarmedge.config.staticconfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads Traefik-style flags: {@code --entrypoints.web.address=:80}, {@code --ping} (a bare section
 * or boolean flag means true), {@code --ping=false}, {@code --key value} for keys that take a value,
 * {@code --entrypoints.websecure.http.tls.domains[0].main=example.com}. Keys are case-insensitive.
 */
final class FlagSettings {
    /** The settings read, and the configuration file named by {@code --configfile}, if any. */
    record Parsed(List<Setting> settings, Optional<String> configFile) {}

    private FlagSettings() {}

    static Parsed read(List<String> args, List<String> errors) {
        List<Setting> settings = new ArrayList<>();
        String configFile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                errors.add("unexpected argument \"" + arg + "\" (flags look like --entrypoints.web.address=:80)");
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            String origin = "--" + name;
            if (name.equalsIgnoreCase("configfile")) {
                if (value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                }
                if (value == null || value.isBlank()) {
                    errors.add(origin + " needs a file name");
                } else {
                    configFile = value;
                }
                continue;
            }
            StaticKeys.Result r = StaticKeys.resolve(segments(name));
            if (r.resolved().isEmpty()) {
                errors.add(origin + " " + r.problem());
                continue;
            }
            StaticKeys.Resolved key = r.resolved().get();
            StaticKeys.Type type = key.node().type;
            if (value == null) {
                if (type == StaticKeys.Type.BOOL || type == StaticKeys.Type.SECTION) {
                    value = "true";
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    errors.add(origin + " needs a value (" + origin + "=...)");
                    continue;
                }
            }
            settings.add(Setting.of(key, value, origin));
        }
        return new Parsed(settings, Optional.ofNullable(configFile));
    }

    /** Splits {@code a.b[0].c} into {@code a, b, 0, c}. */
    static List<String> segments(String name) {
        List<String> out = new ArrayList<>();
        for (String part : name.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            if (bracket > 0 && part.endsWith("]")) {
                out.add(part.substring(0, bracket));
                out.addAll(Arrays.asList(
                        part.substring(bracket + 1, part.length() - 1).split("]\\[", -1)));
            } else {
                out.add(part);
            }
        }
        return out;
    }
}
