package io.swarmedge.config.dynamic;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
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

    /** Reads the whole document from a parser positioned before its first token. */
    static LineIndex read(JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        if (parser.nextToken() != null) {
            value(parser, "", lines);
        }
        return new LineIndex(lines);
    }

    private static void value(JsonParser p, String pointer, Map<String, Integer> lines) throws IOException {
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson's tree model would read "*name" as the text "name": refuse rather than misread.
            throw new JsonParseException(p, "YAML aliases (*" + p.getText() + ") are not supported; repeat the values");
        }
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = pointer + "/" + Node.escape(p.currentName());
                lines.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                value(p, child, lines);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, pointer + "/" + i++, lines);
            }
        }
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
