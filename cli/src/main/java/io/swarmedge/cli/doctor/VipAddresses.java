package io.swarmedge.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swarmedge.docker.DockerApi;
import io.swarmedge.docker.DockerApiException;
import io.swarmedge.vip.config.ConfigException;
import io.swarmedge.vip.config.InstanceConfig;
import io.swarmedge.vip.config.KeepalivedConfParser;
import io.swarmedge.vip.config.NativeConfigReader;
import io.swarmedge.vip.config.VipConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds the floating addresses of a vip service the way the service itself reads them: {@code --vip}
 * flags, or the Swarm config it mounts at its {@code --config} / {@code --keepalived-conf} path,
 * parsed with the vip role's own readers.
 */
final class VipAddresses {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What was found: the addresses, or why none were. */
    record Found(List<String> addresses, String problem) {}

    private VipAddresses() {}

    static Found of(ServiceInfo service, DockerApi api) {
        List<String> flags = service.arguments("--vip").stream()
                .map(v -> v.contains("/") ? v.substring(0, v.indexOf('/')) : v)
                .toList();
        if (!flags.isEmpty()) {
            return new Found(flags, "");
        }
        String yamlPath = service.argument("--config");
        String keepalivedPath = service.argument("--keepalived-conf");
        String path = yamlPath.isEmpty() ? keepalivedPath : yamlPath;
        if (path.isEmpty()) {
            return new Found(List.of(), service.name() + " has no --vip, --config or --keepalived-conf");
        }
        String configId = service.configs().get(path);
        if (configId == null || configId.isEmpty()) {
            return new Found(List.of(), service.name() + " reads " + path + ", which is not a Swarm config");
        }
        try {
            JsonNode config = api.get("/configs/" + configId);
            String name = config.path("Spec").path("Name").asText(configId);
            String text = new String(
                    Base64.getDecoder().decode(config.path("Spec").path("Data").asText("")), StandardCharsets.UTF_8);
            VipConfig parsed = yamlPath.isEmpty()
                    ? KeepalivedConfParser.parse(text, "config " + name)
                    : NativeConfigReader.read(YAML.readTree(text), "config " + name);
            List<String> addresses = new ArrayList<>();
            for (InstanceConfig instance : parsed.instances()) {
                instance.addresses().forEach(a -> addresses.add(a.address().getHostAddress()));
            }
            return new Found(List.copyOf(addresses), "");
        } catch (DockerApiException | ConfigException | IOException | IllegalArgumentException e) {
            return new Found(List.of(), service.name() + "'s configuration " + path + ": " + e.getMessage());
        }
    }
}
