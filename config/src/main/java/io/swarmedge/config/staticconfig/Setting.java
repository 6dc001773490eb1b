package io.swarmedge.config.staticconfig;

import java.util.List;

/**
 * One configured key, from any source.
 *
 * @param key canonical dotted key ({@code entryPoints.web.address}), names as written
 * @param type the key's value kind
 * @param value the text as given (for lists: the items joined by commas)
 * @param items list items (for {@link StaticKeys.Type#LIST}; else the single value)
 * @param origin the key as the user wrote it, with its source ({@code --entrypoints.web.address},
 *     {@code env TRAEFIK_PING}, {@code traefik.yml: entryPoints.web.address})
 */
record Setting(String key, StaticKeys.Type type, String value, List<String> items, String origin) {
    Setting {
        items = List.copyOf(items);
    }

    static Setting of(StaticKeys.Resolved key, String value, String origin) {
        List<String> items = key.node().type == StaticKeys.Type.LIST ? splitList(value) : List.of(value);
        return new Setting(key.dotted(), key.node().type, value, items, origin);
    }

    static Setting ofList(StaticKeys.Resolved key, List<String> items, String origin) {
        return new Setting(key.dotted(), key.node().type, String.join(",", items), items, origin);
    }

    /** Comma-separated list, as Traefik takes lists in flags and environment variables. */
    static List<String> splitList(String value) {
        return value.isBlank()
                ? List.of()
                : java.util.Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
