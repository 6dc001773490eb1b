package io.swarmedge.config.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.Decoded;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.DynamicConfigDecoder;
import io.swarmedge.config.dynamic.NameSuggestion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes one Swarm service's labels with Traefik's grammar ({@code traefik.http.routers.<r>.rule},
 * {@code traefik.http.services.<s>.loadbalancer.server.port}, {@code
 * traefik.http.middlewares.<m>.<type>.<option>}, {@code traefik.enable}, {@code
 * traefik.swarm.network}, …). The labels become a tree that the file decoder reads, so both paths
 * accept exactly the same keys and values; errors are mapped back to the label that caused them.
 */
public final class LabelDecoder {
    /** Most labels under the prefix read for one service. */
    public static final int MAX_LABELS = 1000;

    private static final int MAX_KEY_LENGTH = 512;
    private static final int MAX_INDEX = 100;
    private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]+)(?:\\[(\\d{1,3})])?");
    private static final List<String> TOP_LEVEL =
            List.of("enable", "swarm.network", "docker.network", "swarm.lbswarm", "docker.lbswarm", "http");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String prefix;
    private final DefaultRuleTemplate defaultRule;

    /**
     * @param prefix label prefix without the dot, {@code traefik} by default
     * @param defaultRule rule for routers without one
     */
    public LabelDecoder(String prefix, DefaultRuleTemplate defaultRule) {
        this.prefix = prefix.toLowerCase(Locale.ROOT) + ".";
        this.defaultRule = defaultRule;
    }

    /** Decodes the labels of the Swarm service named {@code serviceName}. */
    public ServiceLabels decode(String serviceName, Map<String, String> labels) {
        return new Run(serviceName, labels).decode();
    }

    /** The state of decoding one service's labels. */
    private final class Run {
        private final String serviceName;
        private final Map<String, String> allLabels;
        /** Lower-cased key after the prefix → original label key, sorted for stable results. */
        private final TreeMap<String, String> labelKeys = new TreeMap<>();

        private final List<ConfigError> errors = new ArrayList<>();
        private final ObjectNode root = NODES.objectNode();

        Run(String serviceName, Map<String, String> labels) {
            this.serviceName = serviceName;
            this.allLabels = labels;
        }

        ServiceLabels decode() {
            Enable enable = Enable.UNSET;
            String swarmNetwork = "";
            String dockerNetwork = "";
            Optional<Boolean> lbSwarm = Optional.empty();
            Map<String, String> ours = new TreeMap<>();
            for (var e : allLabels.entrySet()) {
                String key = e.getKey();
                if (key.length() > prefix.length()
                        && key.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    ours.put(key, e.getValue());
                }
            }
            if (ours.size() > MAX_LABELS) {
                errors.add(new ConfigError(
                        "service \"" + serviceName + "\"",
                        0,
                        "",
                        "more than " + MAX_LABELS + " labels; none were read"));
                return result(Enable.UNSET, "", false, DynamicConfig.EMPTY, Map.of());
            }
            for (var e : ours.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                String rest = key.substring(prefix.length());
                String lower = rest.toLowerCase(Locale.ROOT);
                labelKeys.put(lower, key);
                try {
                    if (key.length() > MAX_KEY_LENGTH) {
                        throw new LabelException("label key longer than " + MAX_KEY_LENGTH + " characters");
                    }
                    switch (lower) {
                        case "enable" -> enable = bool(value) ? Enable.TRUE : Enable.FALSE;
                        case "swarm.network" -> swarmNetwork = value.strip();
                        case "docker.network" -> dockerNetwork = value.strip();
                        case "swarm.lbswarm", "docker.lbswarm" -> lbSwarm = Optional.of(bool(value));
                        default -> {
                            if (lower.startsWith("http.")) {
                                insert(rest, value);
                            } else if (lower.startsWith("tcp.") || lower.startsWith("udp.")) {
                                throw new LabelException(
                                        rest.substring(0, 3) + " routing is not supported by swarmedge");
                            } else {
                                String first = lower.contains(".") ? lower.substring(0, lower.indexOf('.')) : lower;
                                throw new LabelException("unknown label"
                                        + NameSuggestion.hint(first, List.of("enable", "swarm", "docker", "http"))
                                                .replace("did you mean \"", "did you mean \"" + prefix));
                            }
                        }
                    }
                } catch (LabelException ex) {
                    errors.add(labelError(key, ex.getMessage()));
                }
            }
            compactLists(root);
            Map<String, ServerTemplate> templates = serverTemplates();
            applyDefaults(templates);
            Decoded decoded = DynamicConfigDecoder.decodeTree(
                    "service \"" + serviceName + "\"", root, DynamicConfigDecoder.Dialect.LABELS);
            for (ConfigError error : decoded.errors()) {
                errors.add(mapError(error));
            }
            String network = !swarmNetwork.isEmpty() ? swarmNetwork : dockerNetwork;
            return result(enable, network, lbSwarm.orElse(false), decoded.config(), templates);
        }

        private ServiceLabels result(
                Enable enable,
                String network,
                boolean lbSwarm,
                DynamicConfig config,
                Map<String, ServerTemplate> templates) {
            return new ServiceLabels(enable, network, lbSwarm, config, templates, errors);
        }

        /** Puts {@code http.routers.r.tls.domains[0].main=value} into the tree. */
        private void insert(String rest, String value) {
            String[] parts = rest.split("\\.", -1);
            JsonNode parent = root;
            for (int i = 0; i < parts.length; i++) {
                Matcher m = SEGMENT.matcher(parts[i]);
                if (!m.matches()) {
                    throw new LabelException("invalid label key segment \"" + parts[i] + "\"");
                }
                boolean last = i == parts.length - 1;
                String name = m.group(1);
                ObjectNode object = (ObjectNode) parent;
                String existingName = findKey(object, name).orElse(name);
                JsonNode existing = object.get(existingName);
                if (m.group(2) != null) {
                    int index = Integer.parseInt(m.group(2));
                    if (index > MAX_INDEX) {
                        throw new LabelException("index " + index + " is larger than " + MAX_INDEX);
                    }
                    ArrayNode array;
                    if (existing instanceof ArrayNode a) {
                        array = a;
                    } else if (existing == null) {
                        array = object.putArray(existingName);
                    } else {
                        throw new LabelException("\"" + name + "\" is used both as a list and as a value");
                    }
                    while (array.size() <= index) {
                        array.addNull();
                    }
                    if (last) {
                        array.set(index, NODES.textNode(value));
                        return;
                    }
                    if (!(array.get(index) instanceof ObjectNode)) {
                        array.set(index, NODES.objectNode());
                    }
                    parent = array.get(index);
                    continue;
                }
                if (last) {
                    if (existing instanceof ObjectNode) {
                        // "tls=true" next to "tls.certresolver=le": the options already enable it.
                        if (!value.strip().equalsIgnoreCase("true")) {
                            throw new LabelException(
                                    "\"" + value + "\" conflicts with the labels below \"" + name + "\"");
                        }
                        return;
                    }
                    if (existing != null) {
                        throw new LabelException("given twice (label keys are case-insensitive)");
                    }
                    object.put(existingName, value);
                    return;
                }
                if (existing == null
                        || (existing.isTextual() && existing.asText().strip().equalsIgnoreCase("true"))) {
                    parent = object.putObject(existingName);
                } else if (existing instanceof ObjectNode) {
                    parent = existing;
                } else {
                    throw new LabelException("conflicts with the label that sets \"" + name + "\" to a value");
                }
            }
        }

        /** Takes {@code services.<s>.loadbalancer.server.*} out of the tree: the provider builds servers. */
        private Map<String, ServerTemplate> serverTemplates() {
            Map<String, ServerTemplate> templates = new LinkedHashMap<>();
            ObjectNode services = objectAt(root, "http", "services");
            if (services == null) {
                return templates;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            services.properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> service = it.next();
                if (!(service.getValue() instanceof ObjectNode serviceNode)) {
                    continue;
                }
                Optional<String> lbKey = findKey(serviceNode, "loadbalancer");
                if (lbKey.isEmpty() || !(serviceNode.get(lbKey.get()) instanceof ObjectNode lb)) {
                    continue;
                }
                String path = "http.services." + service.getKey() + "." + lbKey.get() + ".";
                ServerTemplate template = ServerTemplate.DEFAULT;
                Optional<String> serverKey = findKey(lb, "server");
                if (serverKey.isPresent()) {
                    JsonNode server = lb.remove(serverKey.get());
                    try {
                        template = template(server, path + serverKey.get());
                    } catch (TemplateException ex) {
                        errors.add(mapError(new ConfigError("", 0, ex.path, ex.getMessage())));
                        it.remove();
                        continue;
                    }
                }
                templates.put(service.getKey(), template);
            }
            return templates;
        }

        private ServerTemplate template(JsonNode server, String path) {
            if (!(server instanceof ObjectNode object)) {
                throw new TemplateException(path, "expected server.port, server.scheme or server.weight");
            }
            int port = 0;
            String scheme = "http";
            int weight = 1;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String keyPath = path + "." + e.getKey();
                String value = e.getValue().asText().strip();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "port" -> port = number(keyPath, value, 1, 65535);
                    case "scheme" -> {
                        scheme = value.toLowerCase(Locale.ROOT);
                        if (!List.of("http", "https", "h2c").contains(scheme)) {
                            throw new TemplateException(
                                    keyPath, "invalid scheme \"" + value + "\" (expected http, https or h2c)");
                        }
                    }
                    case "weight" -> weight = number(keyPath, value, 0, 1_000_000);
                    default ->
                        throw new TemplateException(
                                keyPath,
                                "unknown server option \"" + e.getKey() + "\""
                                        + NameSuggestion.hint(e.getKey(), List.of("port", "scheme", "weight")));
                }
            }
            return new ServerTemplate(port, scheme, weight);
        }

        private int number(String path, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TemplateException(
                    path, "must be a number between " + min + " and " + max + ", got \"" + value + "\"");
        }

        /** Traefik's defaults for containers: a service and a router named after the Swarm service. */
        private void applyDefaults(Map<String, ServerTemplate> templates) {
            String defaultName = DefaultRuleTemplate.normalize(serviceName);
            ObjectNode http = objectAt(root, "http") != null ? objectAt(root, "http") : root.putObject("http");
            ObjectNode services = childObject(http, "services");
            ObjectNode routers = childObject(http, "routers");
            if (services == null || routers == null) {
                return; // a label made "services" or "routers" a value: the decoder reports it
            }
            if (services.isEmpty() && !labelKeys.keySet().stream().anyMatch(k -> k.startsWith("http.services."))) {
                services.putObject(defaultName).putObject("loadBalancer");
                templates.put(defaultName, ServerTemplate.DEFAULT);
            }
            if (routers.isEmpty()) {
                if (services.size() > 1) {
                    errors.add(new ConfigError(
                            "service \"" + serviceName + "\"",
                            0,
                            "",
                            "no router label and several services: cannot create the default router"));
                } else if (services.size() == 1) {
                    routers.putObject(defaultName);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = routers.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!(e.getValue() instanceof ObjectNode router)) {
                    continue;
                }
                if (findKey(router, "rule").isEmpty()) {
                    router.put("rule", defaultRule.apply(serviceName, allLabels));
                }
                if (findKey(router, "service").isEmpty()) {
                    if (services.size() == 1) {
                        router.put("service", services.fieldNames().next());
                    } else {
                        errors.add(mapError(new ConfigError(
                                "",
                                0,
                                "http.routers." + e.getKey(),
                                "router \"" + e.getKey() + "\" has no service label and "
                                        + (services.isEmpty()
                                                ? "no valid service is defined"
                                                : "the service defines " + services.size() + " services"))));
                        it.remove();
                    }
                }
            }
        }

        /** Rewrites a decoder error (a key path) into one naming the label. */
        private ConfigError mapError(ConfigError error) {
            String path = error.key().toLowerCase(Locale.ROOT);
            // The label itself, else the first label below the path, else below its parents (a list
            // index shifted by compaction, an object the defaults created).
            for (String p = path; !p.isEmpty(); p = parent(p)) {
                String label = p.equals(path) ? labelKeys.get(p) : null;
                if (label == null) {
                    label = firstLabelBelow(p);
                }
                if (label != null) {
                    return labelError(label, error.message());
                }
                if (p.chars().filter(c -> c == '.').count() <= 2) {
                    break; // never above the object itself (http.routers.<name>): that would blame another's label
                }
            }
            return new ConfigError("service \"" + serviceName + "\"", 0, error.key(), error.message());
        }

        private String firstLabelBelow(String path) {
            for (var e : labelKeys.tailMap(path, false).entrySet()) {
                if (!e.getKey().startsWith(path)) {
                    return null;
                }
                char next = e.getKey().length() > path.length() ? e.getKey().charAt(path.length()) : 0;
                if (next == '.' || next == '[') {
                    return e.getValue();
                }
            }
            return null;
        }

        private static String parent(String path) {
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            return cut <= 0 ? "" : path.substring(0, cut);
        }

        private ConfigError labelError(String label, String message) {
            return new ConfigError("service \"" + serviceName + "\" label \"" + label + "\"", 0, "", message);
        }
    }

    /** {@code domains[1]} without {@code domains[0]}: the list is just the given elements. */
    private static void compactLists(JsonNode node) {
        if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i).isNull()) {
                    array.remove(i);
                }
            }
        }
        node.forEach(LabelDecoder::compactLists);
    }

    private static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new LabelException("must be true or false, got \"" + value + "\"");
        };
    }

    private static Optional<String> findKey(ObjectNode object, String name) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static ObjectNode objectAt(ObjectNode from, String... path) {
        ObjectNode at = from;
        for (String segment : path) {
            Optional<String> key = findKey(at, segment);
            if (key.isEmpty() || !(at.get(key.get()) instanceof ObjectNode next)) {
                return null;
            }
            at = next;
        }
        return at;
    }

    private static ObjectNode childObject(ObjectNode parent, String name) {
        Optional<String> key = findKey(parent, name);
        if (key.isEmpty()) {
            return parent.putObject(name);
        }
        return parent.get(key.get()) instanceof ObjectNode o ? o : null;
    }

    /** A label that cannot be read; reported against that label. */
    private static final class LabelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LabelException(String message) {
            super(message, null, false, false);
        }
    }

    /** A bad {@code server.*} label; reported against that label, the service is left out. */
    private static final class TemplateException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String path;

        TemplateException(String path, String message) {
            super(message, null, false, false);
            this.path = path;
        }
    }
}
