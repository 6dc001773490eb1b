package io.swarmedge.config.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swarmedge.config.dynamic.ConfigError;
import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Table-driven: {@code src/test/resources/labels/cases.yml}, plus the seed's WordPress stack. */
class LabelDecoderTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final LabelDecoder DECODER =
            new LabelDecoder("traefik", new DefaultRuleTemplate("Host(`{{ normalize .Name }}`)"));

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : YAML.readTree(resource("cases.yml"))) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> run(c)));
        }
        return tests.stream();
    }

    private static void run(JsonNode c) {
        Map<String, String> labels = new LinkedHashMap<>();
        c.get("labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        LabelDecoder decoder = c.has("defaultRule")
                ? new LabelDecoder(
                        "traefik", new DefaultRuleTemplate(c.get("defaultRule").asText()))
                : DECODER;
        ServiceLabels decoded = decoder.decode(c.get("service").asText(), labels);
        List<String> errors =
                decoded.errors().stream().map(ConfigError::toString).toList();
        List<String> expectedErrors = strings(c.get("errors"));
        assertThat(errors).as("errors").hasSize(expectedErrors.size());
        for (int i = 0; i < expectedErrors.size(); i++) {
            assertThat(errors.get(i)).as("error %d", i).contains(expectedErrors.get(i));
        }
        if (c.has("enable")) {
            assertThat(decoded.enable())
                    .isEqualTo(Enable.valueOf(c.get("enable").asText()));
        }
        assertThat(decoded.network())
                .isEqualTo(c.has("network") ? c.get("network").asText() : "");
        assertThat(decoded.lbSwarm())
                .isEqualTo(c.has("lbSwarm") && c.get("lbSwarm").asBoolean());
        DynamicConfig config = decoded.partial();
        Map<String, Map<String, ?>> sections = Map.of(
                "routers", config.http().routers(),
                "services", config.http().services(),
                "middlewares", config.http().middlewares());
        JsonNode keep = c.get("keep");
        for (var section : sections.entrySet()) {
            assertThat(section.getValue().keySet())
                    .as(section.getKey())
                    .containsExactlyInAnyOrderElementsOf(strings(keep == null ? null : keep.get(section.getKey())));
        }
        if (c.has("templates")) {
            Map<String, String> templates = new LinkedHashMap<>();
            decoded.serverTemplates()
                    .forEach((k, v) -> templates.put(k, v.port() + "/" + v.scheme() + "/" + v.weight()));
            Map<String, String> expected = new LinkedHashMap<>();
            c.get("templates")
                    .properties()
                    .forEach(e -> expected.put(e.getKey(), e.getValue().asText()));
            assertThat(templates).containsExactlyInAnyOrderEntriesOf(expected);
        }
        JsonNode contains = c.get("contains");
        if (contains != null) {
            contains.properties().forEach(e -> {
                String[] parts = e.getKey().split("\\.", 2);
                Object value = Objects.requireNonNull(sections.get(parts[0])).get(parts[1]);
                assertThat(value).as(e.getKey()).isNotNull();
                for (String fragment : strings(e.getValue())) {
                    assertThat(value.toString()).as(e.getKey()).contains(fragment);
                }
            });
        }
    }

    @Test
    void seedWordPressLabels() throws IOException {
        JsonNode compose = YAML.readTree(resource("seed-wordpress-docker-compose.yml"));
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode label : compose.at("/services/wp/deploy/labels")) {
            String[] kv = label.asText().split("=", 2);
            labels.put(kv[0], kv[1]);
        }
        ServiceLabels decoded = DECODER.decode("wordpress_wp", labels);

        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.enable()).isEqualTo(Enable.TRUE);
        assertThat(decoded.network()).isEqualTo("web-servers");
        assertThat(decoded.lbSwarm()).isFalse();
        assertThat(decoded.partial().http().routers())
                .containsOnlyKeys("wordpress-secured")
                .containsEntry(
                        "wordpress-secured",
                        new Router(
                                "Host(`FQDN_GOES_HERE`)",
                                RuleSyntax.DEFAULT,
                                0,
                                List.of("websecure"),
                                List.of("hsts@file"),
                                "wordpress",
                                new RouterTls(true, "", "myresolver", List.of())));
        assertThat(decoded.partial().http().services()).containsOnlyKeys("wordpress");
        assertThat(decoded.partial().http().services().get("wordpress"))
                .isInstanceOfSatisfying(LoadBalancerService.class, lb -> {
                    assertThat(lb.servers()).isEmpty();
                    assertThat(lb.passHostHeader()).isTrue();
                });
        assertThat(decoded.serverTemplates())
                .containsExactly(Map.entry("wordpress", new ServerTemplate(80, "http", 1)));
    }

    @Test
    void serversAreBuiltFromTaskAddresses() throws Exception {
        ServiceLabels labels = DECODER.decode(
                "app",
                Map.of(
                        "traefik.http.services.web.loadbalancer.server.port", "8080",
                        "traefik.http.services.web.loadbalancer.server.weight", "2",
                        "traefik.http.services.nop.loadbalancer.passhostheader", "false",
                        "traefik.http.routers.r.service", "web"));
        var decoded = labels.withServers(
                "app", List.of(java.net.InetAddress.getByName("10.0.1.5"), java.net.InetAddress.getByName("fd00::7")));
        assertThat(decoded.config().http().services().get("web"))
                .isInstanceOfSatisfying(
                        LoadBalancerService.class,
                        lb -> assertThat(lb.servers())
                                .extracting(s -> s.url().toString() + " " + s.weight())
                                .containsExactly("http://10.0.1.5:8080 2", "http://[fd00::7]:8080 2"));
        assertThat(decoded.config().http().services()).containsOnlyKeys("web");
        assertThat(decoded.errors())
                .singleElement()
                .asString()
                .isEqualTo(
                        "service \"app\": service \"nop\" needs a label traefik.http.services.nop.loadbalancer.server.port (Swarm cannot detect the port); it is left out");
    }

    @Test
    void prefixIsConfigurable() {
        LabelDecoder custom = new LabelDecoder("edge", new DefaultRuleTemplate("Host(`{{ .Name }}.local`)"));
        ServiceLabels decoded = custom.decode(
                "app",
                Map.of("edge.enable", "true", "traefik.enable", "false", "edge.http.routers.x.entrypoints", "web"));
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.enable()).isEqualTo(Enable.TRUE);
        assertThat(decoded.partial().http().routers().get("x").rule()).isEqualTo("Host(`app.local`)");
    }

    @Test
    void defaultRuleTemplates() {
        assertThat(new DefaultRuleTemplate("Host(`{{ normalize .Name }}.example.com`)").apply("my_stack_web", Map.of()))
                .isEqualTo("Host(`my-stack-web.example.com`)");
        assertThat(new DefaultRuleTemplate("Host(`{{ index .Labels \"host\" }}`)")
                        .apply("x", Map.of("host", "h.example")))
                .isEqualTo("Host(`h.example`)");
        assertThatThrownBy(() -> new DefaultRuleTemplate("Host(`{{ .Name | lower }}`)"))
                .hasMessageContaining("unsupported template action");
        assertThat(DefaultRuleTemplate.normalize("--a__b..c--")).isEqualTo("a-b-c");
    }

    @Test
    void tooManyLabelsAreRefused() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i <= LabelDecoder.MAX_LABELS; i++) {
            labels.put("traefik.http.middlewares.m" + i + ".addprefix.prefix", "/x");
        }
        ServiceLabels decoded = DECODER.decode("big", labels);
        assertThat(decoded.errors()).singleElement().asString().contains("more than 1000 labels");
        assertThat(decoded.partial()).isEqualTo(DynamicConfig.EMPTY);
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(LabelDecoderTest.class.getResourceAsStream("/labels/" + name), name);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
