package io.swarmedge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stack files in deploy/ as the docker CLI reads them ({@code docker stack config}): valid, and
 * following the rules of swarms without IPVS (DNS round-robin, host-mode ports, an init, a short
 * grace period).
 */
class DeployFilesIT {
    private static final Path DEPLOY = Path.of("").toAbsolutePath().getParent().resolve("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The default stack and the examples (other roles' files under deploy/ have their own tests). */
    static Stream<Path> stackFiles() throws IOException {
        try (Stream<Path> examples = Files.walk(DEPLOY.resolve("examples"))) {
            List<Path> files = new ArrayList<>(List.of(DEPLOY.resolve("swarmedge-stack.yml")));
            examples.filter(p -> p.getFileName().toString().equals("docker-compose.yml"))
                    .sorted()
                    .forEach(files::add);
            return files.stream();
        }
    }

    private static JsonNode config(Path file) {
        DockerCli.Result result;
        try {
            result = new DockerCli(Map.of()).docker(Duration.ofSeconds(30), "stack", "config", "-c", file.toString());
        } catch (DockerCli.CommandFailedException e) {
            String message = "the docker CLI is needed: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                return fail(message);
            }
            abort(message);
            throw e;
        }
        assertThat(result.ok()).as(result.failure()).isTrue();
        try {
            return YAML.readTree(result.stdout());
        } catch (IOException e) {
            return fail(file + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("stackFiles")
    void everyServiceWorksWithoutIpvs(Path file) {
        JsonNode services = config(file).path("services");
        assertThat(services.size()).as(file + " services").isPositive();
        services.properties().forEach(e -> {
            String where = DEPLOY.relativize(file) + " service " + e.getKey();
            JsonNode service = e.getValue();
            assertThat(service.path("deploy").path("endpoint_mode").asText())
                    .as(where + " endpoint_mode")
                    .isEqualTo("dnsrr");
            for (JsonNode port : service.path("ports")) {
                assertThat(port.path("mode").asText()).as(where + " port mode").isEqualTo("host");
            }
            if (service.path("image").asText().startsWith("swarmedge")) {
                assertThat(service.path("init").asBoolean()).as(where + " init").isTrue();
                assertThat(service.path("stop_grace_period").asText())
                        .as(where + " stop_grace_period")
                        .isNotEmpty();
            }
        });
    }

    @Test
    void theDefaultStackHasTheEdgeAndTheDemo() {
        JsonNode stack = config(DEPLOY.resolve("swarmedge-stack.yml"));
        JsonNode proxy = stack.path("services").path("proxy");
        assertThat(proxy.path("deploy").path("mode").asText()).isEqualTo("global");
        assertThat(texts(proxy.path("deploy").path("placement").path("constraints")))
                .contains("node.role == manager");
        assertThat(texts(proxy.path("command")))
                .contains(
                        "proxy",
                        "--providers.swarm.endpoint=tcp://socket-proxy:2375",
                        "--providers.swarm.exposedByDefault=false",
                        "--providers.swarm.network=web-servers",
                        "--ping=true");
        assertThat(proxy.path("ports").findValuesAsText("published")).containsExactlyInAnyOrder("80", "443", "8080");

        JsonNode socketProxy = stack.path("services").path("socket-proxy");
        assertThat(socketProxy.path("networks").has("socket-proxy")).isTrue();
        assertThat(socketProxy.path("networks").has("web-servers")).isFalse();
        assertThat(stack.path("networks").path("socket-proxy").path("internal").asBoolean())
                .isTrue();
        assertThat(stack.path("networks").path("web-servers").path("external").asBoolean())
                .isTrue();

        JsonNode whoami = stack.path("services").path("whoami");
        assertThat(whoami.path("deploy").path("replicas").asInt()).isEqualTo(2);
        JsonNode labels = whoami.path("deploy").path("labels");
        assertThat(labels.path("traefik.enable").asText()).isEqualTo("true");
        assertThat(labels.path("traefik.http.routers.whoami.rule").asText()).isEqualTo("Host(`whoami.localhost`)");
        assertThat(labels.path("traefik.http.routers.whoami.entrypoints").asText())
                .isEqualTo("web");
        assertThat(labels.path("traefik.http.services.whoami.loadbalancer.server.port")
                        .asText())
                .isEqualTo("80");
    }

    @Test
    void theWordPressExampleKeepsTheSeedsLabelsAndNfsVolumes() {
        JsonNode stack = config(DEPLOY.resolve("examples/wordpress/docker-compose.yml"));
        JsonNode labels = stack.path("services").path("wp").path("deploy").path("labels");
        assertThat(labels.path("traefik.docker.network").asText()).isEqualTo("web-servers");
        assertThat(labels.path("traefik.http.routers.wordpress-secured.tls.certresolver")
                        .asText())
                .isEqualTo("myresolver");
        assertThat(labels.path("traefik.http.routers.wordpress-secured.middlewares")
                        .asText())
                .isEqualTo("hsts@file");
        for (String volume : List.of("db_data", "wordpress")) {
            JsonNode options = stack.path("volumes").path(volume).path("driver_opts");
            assertThat(options.path("type").asText()).as(volume).isEqualTo("nfs");
            assertThat(options.path("o").asText()).as(volume).startsWith("addr=");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
