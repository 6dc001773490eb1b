package io.swarmedge.vip.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swarmedge.vip.os.VirtualAddress;
import io.swarmedge.vip.packet.ChecksumMode;
import io.swarmedge.vip.packet.VrrpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads swarmedge's own vip configuration (YAML, or the same tree built from command-line flags).
 * Defaults aim at fast failover: VRRPv3, 100 ms advertisements, preemption on.
 *
 * <pre>
 * instances:
 *   - name: edge
 *     interface: eth0
 *     vrid: 51
 *     priority: 150
 *     addresses: [10.0.0.100/24]
 *     advertInterval: 100ms
 *     unicast: {source: 10.0.0.1, peers: [10.0.0.2]}
 *     checks:
 *       - {name: docker, type: docker, weight: 0}
 *       - {name: proxy, type: proxy, weight: -50, fall: 2}
 * </pre>
 */
public final class NativeConfigReader {
    /** swarmedge's default advertisement interval: fails over in about 0.35 s. */
    public static final int DEFAULT_ADVERT_CENTIS = 10;

    public static final String DEFAULT_PROXY_PING = "http://127.0.0.1:8080/ping";
    public static final String DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

    private static final int MAX_BYTES = 1 << 20;
    private static final Set<String> INSTANCE_KEYS = Set.of(
            "name",
            "interface",
            "vrid",
            "priority",
            "version",
            "advertInterval",
            "addresses",
            "unicast",
            "password",
            "preempt",
            "preemptDelay",
            "checksum",
            "checks",
            "trackInterfaces",
            "notify",
            "garp");
    private static final Set<String> CHECK_KEYS = Set.of(
            "name",
            "type",
            "command",
            "socket",
            "url",
            "insecure",
            "interface",
            "interval",
            "timeout",
            "weight",
            "rise",
            "fall",
            "initFail");

    private final String source;

    private NativeConfigReader(String source) {
        this.source = source;
    }

    /** Reads a YAML file. */
    public static VipConfig read(Path file) throws ConfigException {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return read(root, file.getFileName().toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    /** Reads a configuration tree; {@code source} names it in errors. */
    public static VipConfig read(JsonNode root, String source) throws ConfigException {
        return new NativeConfigReader(source).root(root);
    }

    private VipConfig root(JsonNode root) throws ConfigException {
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + ": expected a mapping with \"instances\"");
        }
        only(root, Set.of("instances"), "");
        JsonNode list = root.path("instances");
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfigException(source + ": \"instances\" must be a non-empty list");
        }
        List<InstanceConfig> instances = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            instances.add(instance(list.get(i), "instances[" + i + "]"));
        }
        try {
            return new VipConfig(instances);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private InstanceConfig instance(JsonNode n, String path) throws ConfigException {
        if (!n.isObject()) {
            throw error(path, "expected a mapping");
        }
        only(n, INSTANCE_KEYS, path);
        try {
            String name = n.path("name").asText("vip");
            VrrpVersion version = VrrpVersion.of(n.path("version").asInt(3));
            int advertCentis = n.has("advertInterval")
                    ? (int) (ConfigValues.duration(n.get("advertInterval").asText())
                                    .toMillis()
                            / 10)
                    : (version == VrrpVersion.V2 ? 100 : DEFAULT_ADVERT_CENTIS);
            List<VirtualAddress> addresses = new ArrayList<>();
            for (JsonNode a : n.path("addresses")) {
                addresses.add(ConfigValues.virtualAddress(a.asText(), Optional.empty(), Optional.empty(), 0));
            }
            Optional<InetAddress> unicastSource = Optional.empty();
            List<InetAddress> peers = new ArrayList<>();
            if (n.has("unicast")) {
                JsonNode u = n.get("unicast");
                only(u, Set.of("source", "peers"), path + ".unicast");
                if (u.has("source")) {
                    unicastSource =
                            Optional.of(ConfigValues.address(u.get("source").asText()));
                }
                for (JsonNode p : u.path("peers")) {
                    peers.add(ConfigValues.address(p.asText()));
                }
            }
            List<TrackedCheckConfig> checks = new ArrayList<>();
            JsonNode checkList = n.path("checks");
            for (int i = 0; i < checkList.size(); i++) {
                checks.add(check(checkList.get(i), path + ".checks[" + i + "]"));
            }
            JsonNode interfaces = n.path("trackInterfaces");
            for (int i = 0; i < interfaces.size(); i++) {
                JsonNode t = interfaces.get(i);
                String ifName = t.isTextual() ? t.asText() : t.path("name").asText();
                checks.add(new TrackedCheckConfig(
                        "interface " + ifName,
                        new CheckSpec.InterfaceUp(ifName),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        t.path("weight").asInt(0),
                        1,
                        1,
                        false));
            }
            JsonNode notify = n.path("notify");
            only(notify, Set.of("master", "backup", "fault", "stop", "any"), path + ".notify");
            NotifyConfig notifyConfig = new NotifyConfig(
                    command(notify.get("master")),
                    command(notify.get("backup")),
                    command(notify.get("fault")),
                    command(notify.get("stop")),
                    command(notify.get("any")));
            JsonNode garp = n.path("garp");
            only(garp, Set.of("masterDelay", "repeat", "masterRefresh"), path + ".garp");
            GarpSettings garpSettings = new GarpSettings(
                    ConfigValues.duration(garp.path("masterDelay").asText("5s")),
                    garp.path("repeat").asInt(3),
                    ConfigValues.duration(garp.path("masterRefresh").asText("0s")));
            ChecksumMode checksum = switch (n.path("checksum").asText("pseudo-header")) {
                case "pseudo-header" -> ChecksumMode.PSEUDO_HEADER;
                case "message-only" -> ChecksumMode.MESSAGE_ONLY;
                default -> throw new IllegalArgumentException("checksum must be pseudo-header or message-only");
            };
            return new InstanceConfig(
                    name,
                    n.path("interface").asText(""),
                    n.path("vrid").asInt(0),
                    n.path("priority").asInt(100),
                    version,
                    advertCentis,
                    addresses,
                    unicastSource,
                    peers,
                    n.has("password") ? Optional.of(n.get("password").asText()) : Optional.empty(),
                    n.path("preempt").asBoolean(true),
                    ConfigValues.duration(n.path("preemptDelay").asText("0s")),
                    checksum,
                    checks,
                    notifyConfig,
                    garpSettings,
                    vmac(n.path("vmac"), n.path("vrid").asInt(0)));
        } catch (IllegalArgumentException e) {
            throw error(path, e.getMessage());
        }
    }

    /** {@code vmac: true} (named vrrp.VRID, as keepalived) or {@code vmac: NAME}. */
    private static Optional<String> vmac(JsonNode node, int vrid) {
        if (node.isMissingNode() || node.isNull() || (node.isBoolean() && !node.asBoolean())) {
            return Optional.empty();
        }
        return Optional.of(node.isBoolean() ? "vrrp." + vrid : node.asText());
    }

    private TrackedCheckConfig check(JsonNode c, String path) throws ConfigException {
        only(c, CHECK_KEYS, path);
        String type = c.path("type").asText("");
        CheckSpec spec = switch (type) {
            case "script" -> {
                JsonNode command = c.path("command");
                yield new CheckSpec.Script(command(command)
                        .orElseThrow(() -> new IllegalArgumentException("script check needs \"command\"")));
            }
            case "docker" -> new CheckSpec.DockerPing(Path.of(c.path("socket").asText(DEFAULT_DOCKER_SOCKET)));
            case "proxy" -> new CheckSpec.ProxyPing(URI.create(c.path("url").asText(DEFAULT_PROXY_PING)));
            case "http" -> {
                if (!c.has("url")) {
                    throw new IllegalArgumentException("http check needs \"url\"");
                }
                URI url = URI.create(c.get("url").asText());
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                    throw new IllegalArgumentException("url must be http or https");
                }
                yield new CheckSpec.HttpGet(url, c.path("insecure").asBoolean(false));
            }
            case "interface" -> new CheckSpec.InterfaceUp(c.path("interface").asText());
            default ->
                throw new IllegalArgumentException(
                        "unknown check type \"" + type + "\" (script, docker, proxy, http, interface)");
        };
        Duration interval = ConfigValues.duration(c.path("interval").asText("1s"));
        return new TrackedCheckConfig(
                c.path("name").asText(type),
                spec,
                interval,
                c.has("timeout") ? ConfigValues.duration(c.get("timeout").asText()) : interval,
                c.path("weight").asInt(0),
                c.path("rise").asInt(1),
                c.path("fall").asInt(1),
                c.path("initFail").asBoolean(false));
    }

    private static Optional<List<String>> command(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isArray()) {
            List<String> words = new ArrayList<>();
            node.forEach(w -> words.add(w.asText()));
            if (words.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            return Optional.of(words);
        }
        return Optional.of(ConfigValues.words(node.asText()));
    }

    private void only(JsonNode node, Set<String> allowed, String path) throws ConfigException {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw error(path, "expected a mapping");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String key = fields.next().getKey();
            if (!allowed.contains(key)) {
                throw error(path.isEmpty() ? key : path + "." + key, "unknown key \"" + key + "\"");
            }
        }
    }

    private ConfigException error(String path, String message) {
        return new ConfigException(source + ": " + path + ": " + message);
    }
}
