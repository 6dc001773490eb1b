package io.swarmedge.config.dynamic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Reads a YAML document into a Jackson tree plus the line of every key, with what Traefik's YAML
 * reader accepts and Jackson's tree model does not: anchors, aliases and merge keys ({@code <<:
 * *defaults}). Hostile documents are bounded: alias count, nesting depth, size, and the number of
 * nodes after alias expansion.
 */
final class YamlTree {
    /** Most values a document may expand to once aliases are resolved. */
    static final int MAX_NODES = 1_000_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Parsed(JsonNode root, LineIndex lines) {}

    /** A document that cannot be read, with its 1-based line (0 if unknown). */
    static final class YamlException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        YamlException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Map<String, Integer> lines = new HashMap<>();
    private final Set<Node> expanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private int budget = MAX_NODES;

    private YamlTree() {}

    static Parsed parse(byte[] yaml, int maxBytes, int maxDepth) throws YamlException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        options.setNestingDepthLimit(maxDepth);
        options.setCodePointLimit(maxBytes);
        options.setAllowRecursiveKeys(false);
        Node document;
        try {
            document = new Yaml(options).compose(new UnicodeReader(new ByteArrayInputStream(yaml)));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new YamlException(mark == null ? 0 : mark.getLine() + 1, problem);
        } catch (YAMLException e) {
            throw new YamlException(0, e.getMessage());
        }
        if (document == null) {
            return new Parsed(NODES.nullNode(), LineIndex.of(Map.of()));
        }
        YamlTree tree = new YamlTree();
        JsonNode root = tree.convert(document, "");
        return new Parsed(root, LineIndex.of(tree.lines));
    }

    private JsonNode convert(Node node, String pointer) throws YamlException {
        lines.putIfAbsent(pointer, line(node));
        if (--budget < 0) {
            throw new YamlException(line(node), "the document expands to more than " + MAX_NODES + " values");
        }
        if (!expanding.add(node)) {
            throw new YamlException(line(node), "recursive alias: a value contains itself");
        }
        try {
            return switch (node) {
                case ScalarNode s -> scalar(s);
                case SequenceNode seq -> {
                    ArrayNode array = NODES.arrayNode();
                    int i = 0;
                    for (Node element : seq.getValue()) {
                        array.add(convert(element, pointer + "/" + i++));
                    }
                    yield array;
                }
                case MappingNode map -> mapping(map, pointer);
                default -> throw new YamlException(line(node), "unsupported YAML node");
            };
        } finally {
            expanding.remove(node);
        }
    }

    private ObjectNode mapping(MappingNode map, String pointer) throws YamlException {
        ObjectNode object = NODES.objectNode();
        List<Node> merges = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlException(line(tuple.getKeyNode()), "keys must be plain values, not lists or maps");
            }
            if (key.getTag().equals(Tag.MERGE)) {
                Node value = tuple.getValueNode();
                if (value instanceof SequenceNode seq) {
                    merges.addAll(seq.getValue());
                } else {
                    merges.add(value);
                }
                continue;
            }
            String name = key.getValue();
            if (object.has(name)) {
                throw new YamlException(line(key), "duplicate key \"" + name + "\"");
            }
            String child = pointer + "/" + escape(name);
            lines.putIfAbsent(child, line(key));
            object.set(name, convert(tuple.getValueNode(), child));
        }
        // Merge keys: explicit keys win, then earlier merged maps win over later ones (YAML 1.1).
        for (Node merge : merges) {
            JsonNode merged = convert(merge, pointer);
            if (!(merged instanceof ObjectNode source)) {
                throw new YamlException(line(merge), "a merge key (<<) must refer to a map or a list of maps");
            }
            for (var it = source.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!object.has(e.getKey())) {
                    object.set(e.getKey(), e.getValue());
                    lines.putIfAbsent(pointer + "/" + escape(e.getKey()), line(merge));
                }
            }
        }
        return object;
    }

    private static JsonNode scalar(ScalarNode s) {
        String value = s.getValue();
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return NODES.booleanNode(
                    switch (value.toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "yes", "on", "y" -> true;
                        default -> false;
                    });
        }
        if (tag.equals(Tag.INT)) {
            try {
                return NODES.numberNode(Long.parseLong(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return NODES.textNode(value); // hex, octal, huge: checked where a number is expected
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
            } catch (NumberFormatException e) {
                return NODES.textNode(value);
            }
        }
        return NODES.textNode(value);
    }

    /** JSON-pointer escaping of a key (our {@code Node} clashes with SnakeYAML's by name). */
    private static String escape(String key) {
        return io.swarmedge.config.dynamic.Node.escape(key);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
