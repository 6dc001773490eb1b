package io.swarmedge.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A value in the configuration tree with its position (key path for messages, pointer for line
 * numbers), and typed accessors that fail with a {@link DecodeException} naming the key. Labels
 * arrive as text only, so every scalar accessor also accepts text.
 */
final class Node {
    /** Longest string value accepted. */
    static final int MAX_TEXT = 64 * 1024;

    /** Most entries in one list or map. */
    static final int MAX_ENTRIES = 10_000;

    /** Decoding context shared by every node of one source. */
    record Context(String source, LineIndex lines, boolean labels) {}

    private final JsonNode json;
    private final String path;
    private final String pointer;
    private final Context context;

    Node(JsonNode json, String path, String pointer, Context context) {
        this.json = json;
        this.path = path;
        this.pointer = pointer;
        this.context = context;
    }

    static Node root(JsonNode json, Context context) {
        return new Node(json, "", "", context);
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    String path() {
        return path;
    }

    String source() {
        return context.source();
    }

    int line() {
        return context.lines().lineOf(pointer);
    }

    boolean labels() {
        return context.labels();
    }

    JsonNode json() {
        return json;
    }

    /** The last segment of the path (an object's name, a key). */
    String name() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    Node child(String name, JsonNode value) {
        return new Node(value, path.isEmpty() ? name : path + "." + name, pointer + "/" + escape(name), context);
    }

    Node element(int index, JsonNode value) {
        return new Node(value, path + "[" + index + "]", pointer + "/" + index, context);
    }

    DecodeException fail(String message) {
        return new DecodeException(this, message);
    }

    boolean isNull() {
        // YAML's "key:" with nothing after it reads as null or as empty text depending on context.
        return json == null
                || json.isNull()
                || json.isMissingNode()
                || (json.isTextual() && json.asText().isEmpty());
    }

    boolean isObject() {
        return json != null && json.isObject();
    }

    /** Entries of a map (names → values) in document order; null counts as empty. */
    List<Node> entries() {
        if (isNull()) {
            return List.of();
        }
        if (!json.isObject()) {
            throw fail("must be a map of names to values");
        }
        if (json.size() > MAX_ENTRIES) {
            throw fail("more than " + MAX_ENTRIES + " entries");
        }
        List<Node> out = new ArrayList<>(json.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = json.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(child(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Elements of a list; null counts as empty. */
    List<Node> elements() {
        if (isNull()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw fail("must be a list");
        }
        if (json.size() > MAX_ENTRIES) {
            throw fail("more than " + MAX_ENTRIES + " elements");
        }
        List<Node> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            out.add(element(i, json.get(i)));
        }
        return out;
    }

    String text() {
        if (isNull()) {
            return "";
        }
        if (!json.isValueNode()) {
            throw fail("must be a single value, not a " + (json.isArray() ? "list" : "map"));
        }
        String text = json.asText();
        if (text.length() > MAX_TEXT) {
            throw fail("value longer than " + MAX_TEXT + " characters");
        }
        return text;
    }

    boolean bool() {
        if (json.isBoolean()) {
            return json.booleanValue();
        }
        String text = text().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw fail("must be true or false, got \"" + text() + "\"");
        };
    }

    long integer(long min, long max) {
        long value;
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            value = json.longValue();
        } else {
            try {
                value = Long.parseLong(text().strip());
            } catch (NumberFormatException e) {
                throw fail("must be an integer, got \"" + text() + "\"");
            }
        }
        if (value < min || value > max) {
            throw fail("must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    Duration duration() {
        try {
            return GoDuration.parse(json.isNumber() ? json.asText() : text());
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    /**
     * A list of strings. Labels write lists as comma-separated text; in a file a single value is
     * taken as a one-element list.
     */
    List<String> strings() {
        if (isNull()) {
            return List.of();
        }
        if (json.isArray()) {
            List<String> out = new ArrayList<>();
            for (Node e : elements()) {
                out.add(e.text());
            }
            return out;
        }
        String text = text();
        if (!labels()) {
            return List.of(text);
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String trimmed = part.strip();
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        return out;
    }

    /** A map of strings to strings, keys as written. */
    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node e : entries()) {
            out.put(e.name(), e.text());
        }
        return out;
    }
}
