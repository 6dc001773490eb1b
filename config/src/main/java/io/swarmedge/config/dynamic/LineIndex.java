package io.swarmedge.config.dynamic;

import java.util.Map;

/**
 * Line numbers of a YAML document's keys and list elements, by JSON pointer, so errors found while
 * decoding the tree can name the line (Jackson's tree model keeps no locations).
 */
final class LineIndex {
    static final LineIndex NONE = new LineIndex(Map.of());

    private final Map<String, Integer> lines;

    private LineIndex(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static LineIndex of(Map<String, Integer> lines) {
        return new LineIndex(Map.copyOf(lines));
    }

    /** Line of the pointer, or of its nearest ancestor that has one; 0 when unknown. */
    int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
