package io.swarmedge.config.staticconfig;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a YAML static configuration file with Traefik's keys ({@code entryPoints: {web: {address:
 * ":80"}}}). Keys are case-insensitive; a section written as {@code ping: {}} or {@code ping:} is
 * enabled; lists are YAML sequences (or comma-separated strings).
 */
final class FileSettings {
    /** Larger static configuration files are refused. */
    static final long MAX_BYTES = 1 << 20;

    private static final ObjectMapper YAML =
            new ObjectMapper(YAMLFactory.builder().build().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private FileSettings() {}

    static List<Setting> read(Path file, List<String> errors) {
        String name = file.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".toml")) {
            errors.add(name + ": TOML is not supported, write the static configuration as YAML");
            return List.of();
        }
        JsonNode root;
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                errors.add(name + ": larger than " + MAX_BYTES + " bytes");
                return List.of();
            }
            text = Files.readString(file);
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            errors.add(name + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr()) + ": invalid YAML: "
                    + e.getOriginalMessage());
            return List.of();
        } catch (IOException e) {
            errors.add(name + ": cannot read the configuration file: " + e);
            return List.of();
        }
        List<Setting> settings = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return settings;
        }
        if (!root.isObject()) {
            errors.add(name + ": the configuration must be a mapping of keys");
            return settings;
        }
        new Walker(name, lines(text), settings, errors).fields(root, new ArrayList<>(), "");
        return settings;
    }

    /** The line of every key and list item, by JSON pointer ({@code /entryPoints/web/address}). */
    private static Map<String, Integer> lines(String text) {
        Map<String, Integer> lines = new java.util.HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            for (var t = p.nextToken(); t != null; t = p.nextToken()) {
                String pointer = t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
                        ? p.getParsingContext().pathAsPointer().toString()
                        : p.getParsingContext().getParent() != null
                                        && p.getParsingContext().inArray()
                                ? p.getParsingContext().pathAsPointer().toString()
                                : null;
                if (pointer != null) {
                    lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // already parsed once: locations are only a help for messages
        }
        return lines;
    }

    private record Walker(String file, Map<String, Integer> lines, List<Setting> settings, List<String> errors) {
        void fields(JsonNode object, List<String> segments, String written) {
            for (Map.Entry<String, JsonNode> f : object.properties()) {
                List<String> child = new ArrayList<>(segments);
                child.add(f.getKey());
                value(f.getValue(), child, written.isEmpty() ? f.getKey() : written + "." + f.getKey());
            }
        }

        void value(JsonNode v, List<String> segments, String written) {
            String pointer = "/"
                    + String.join(
                            "/",
                            segments.stream()
                                    .map(s -> s.replace("~", "~0").replace("/", "~1"))
                                    .toList());
            Integer line = lines.get(pointer);
            String origin = file + (line == null ? "" : ":" + line) + ": " + written;
            StaticKeys.Result r = StaticKeys.resolve(segments, true);
            if (r.resolved().isEmpty()) {
                errors.add(origin + " " + r.problem());
                return;
            }
            StaticKeys.Resolved key = r.resolved().get();
            StaticKeys.Node node = key.node();
            if (v.isObject()) {
                if (node.type == StaticKeys.Type.SECTION && v.isEmpty()) {
                    settings.add(Setting.of(key, "true", origin));
                } else if (node.isLeaf()) {
                    errors.add(origin + " takes a value, not a mapping");
                } else {
                    fields(v, segments, written);
                }
            } else if (v.isArray()) {
                if (node.type == StaticKeys.Type.LIST) {
                    List<String> items = new ArrayList<>();
                    for (JsonNode item : v) {
                        if (!item.isValueNode() || item.isNull()) {
                            errors.add(origin + " takes a list of values");
                            return;
                        }
                        items.add(item.asText());
                    }
                    settings.add(Setting.ofList(key, items, origin));
                } else if (node.indexes != null) {
                    for (int i = 0; i < v.size(); i++) {
                        List<String> child = new ArrayList<>(segments);
                        child.add(String.valueOf(i));
                        value(v.get(i), child, written + "[" + i + "]");
                    }
                } else {
                    errors.add(origin + " does not take a list");
                }
            } else if (v.isNull() || (v.isTextual() && v.asText().isEmpty() && node.type == StaticKeys.Type.SECTION)) {
                if (node.type == StaticKeys.Type.SECTION) {
                    settings.add(Setting.of(key, "true", origin));
                } else if (node.type != null) {
                    errors.add(origin + " needs a value");
                }
            } else if (node.type == null) {
                errors.add(origin + " is a section, not a key");
            } else {
                settings.add(Setting.of(key, v.asText(), origin));
            }
        }
    }
}
