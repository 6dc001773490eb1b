package io.swarmedge.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of one configuration object, looked up case-insensitively like Traefik does. Every key
 * is checked on construction: an unsupported one or an unknown one (with a "did you mean") fails
 * the object, so nothing is ever silently ignored.
 */
final class Fields {
    private final Node object;
    private final Map<String, Node> byLowerName = new LinkedHashMap<>();

    /**
     * @param what describes the object in messages, e.g. {@code router "wp"}
     * @param known the keys this object accepts, in Traefik's spelling
     * @param unsupported Traefik keys swarmedge does not implement
     */
    Fields(Node object, String what, List<String> known, List<String> unsupported) {
        this.object = object;
        if (object.isNull()) {
            return;
        }
        JsonNode json = object.json();
        if (!json.isObject()) {
            throw object.fail(what + " must be a map of keys to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            Node child = object.child(key, e.getValue());
            String lower = key.toLowerCase(Locale.ROOT);
            Optional<String> knownKey = TlsNames.canonical(key, known);
            if (knownKey.isEmpty()) {
                if (TlsNames.canonical(key, unsupported).isPresent()) {
                    throw child.fail(what + " key \"" + key + "\" is not supported by swarmedge");
                }
                List<String> all = new ArrayList<>(known);
                all.addAll(unsupported);
                throw child.fail("unknown key \"" + key + "\" in " + what + NameSuggestion.hint(key, all));
            }
            if (byLowerName.put(lower, child) != null) {
                throw child.fail("key \"" + key + "\" is given twice in " + what + " (keys are case-insensitive)");
            }
        }
    }

    Node object() {
        return object;
    }

    boolean has(String key) {
        Node n = byLowerName.get(key.toLowerCase(Locale.ROOT));
        return n != null && !n.isNull();
    }

    /** Whether the key is written, even with an empty value ({@code tls:} in YAML). */
    boolean present(String key) {
        return byLowerName.containsKey(key.toLowerCase(Locale.ROOT));
    }

    Optional<Node> get(String key) {
        Node n = byLowerName.get(key.toLowerCase(Locale.ROOT));
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    /** The node for a key, or a null node positioned at it (so errors still name the key). */
    Node node(String key) {
        Node n = byLowerName.get(key.toLowerCase(Locale.ROOT));
        return n != null ? n : object.child(key, null);
    }

    Node required(String key) {
        return get(key).orElseThrow(() -> object.fail("missing required key \"" + key + "\""));
    }

    String string(String key, String defaultValue) {
        return get(key).map(Node::text).orElse(defaultValue);
    }

    String requiredString(String key) {
        String s = required(key).text();
        if (s.isBlank()) {
            throw node(key).fail("must not be empty");
        }
        return s;
    }

    boolean bool(String key, boolean defaultValue) {
        return get(key).map(Node::bool).orElse(defaultValue);
    }

    long integer(String key, long defaultValue, long min, long max) {
        return get(key).map(n -> n.integer(min, max)).orElse(defaultValue);
    }

    Duration duration(String key, Duration defaultValue) {
        return get(key).map(Node::duration).orElse(defaultValue);
    }

    List<String> strings(String key) {
        return get(key).map(Node::strings).orElse(List.of());
    }

    Map<String, String> stringMap(String key) {
        return get(key).map(Node::stringMap).orElse(Map.of());
    }
}
