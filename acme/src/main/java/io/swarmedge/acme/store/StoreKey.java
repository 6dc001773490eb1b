package io.swarmedge.acme.store;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The name of a store entry: {@code /}-separated segments of {@code [A-Za-z0-9._-]} (at most 300
 * characters), never {@code .} or {@code ..}, so that a key can never name a path outside a store.
 *
 * @param value the key, e.g. {@code certificates/myresolver/example.com}
 */
public record StoreKey(String value) implements Comparable<StoreKey> {
    /** Longest key accepted. */
    public static final int MAX_LENGTH = 300;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    public StoreKey {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "store key \"" + value + "\": must be 1 to " + MAX_LENGTH + " characters");
        }
        for (String segment : value.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
                throw new IllegalArgumentException("store key \"" + value + "\": segment \"" + segment
                        + "\" must be letters, digits, '.', '_' or '-' and not start with '.' or '-'");
            }
        }
    }

    /** Builds a key from segments. */
    public static StoreKey of(String... segments) {
        return new StoreKey(String.join("/", segments));
    }

    /** The segments of the key. */
    public List<String> segments() {
        return List.of(value.split("/"));
    }

    /** Whether this key lies under {@code prefix} (a key or a key followed by {@code /}). */
    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    /** This key with a suffix appended to its last segment (e.g. a backup name). */
    public StoreKey withSuffix(String suffix) {
        return new StoreKey(value + suffix);
    }

    @Override
    public int compareTo(StoreKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
