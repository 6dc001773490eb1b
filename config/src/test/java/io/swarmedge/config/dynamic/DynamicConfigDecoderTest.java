package io.swarmedge.config.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Table-driven: every case in {@code src/test/resources/dynamic/cases/*.yml} decodes its {@code
 * input} and checks the names kept per section, the errors (one fragment per error, in order) and
 * fragments of the kept objects' text.
 */
class DynamicConfigDecoderTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> CASE_FILES =
            List.of("routers.yml", "services.yml", "middlewares.yml", "tls.yml", "structure.yml");

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : CASE_FILES) {
            JsonNode cases = YAML.readTree(resource("cases/" + file));
            for (JsonNode c : cases) {
                tests.add(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> run(c)));
            }
        }
        return tests.stream();
    }

    private static void run(JsonNode c) throws ConfigSyntaxException {
        Decoded decoded =
                DynamicConfigDecoder.decodeYaml("dynamic.yml", c.get("input").asText());
        List<String> errors =
                decoded.errors().stream().map(ConfigError::toString).toList();
        List<String> expectedErrors = strings(c.get("errors"));
        assertThat(errors).as("errors").hasSize(expectedErrors.size());
        for (int i = 0; i < expectedErrors.size(); i++) {
            assertThat(errors.get(i)).as("error %d", i).contains(expectedErrors.get(i));
        }
        DynamicConfig config = decoded.config();
        Map<String, Map<String, ?>> sections = Map.of(
                "routers", config.http().routers(),
                "services", config.http().services(),
                "middlewares", config.http().middlewares(),
                "serversTransports", config.http().serversTransports(),
                "tlsOptions", config.tls().options(),
                "stores", config.tls().stores());
        JsonNode keep = c.get("keep");
        for (var section : sections.entrySet()) {
            List<String> expected = keep == null ? List.of() : strings(keep.get(section.getKey()));
            assertThat(section.getValue().keySet()).as(section.getKey()).containsExactlyInAnyOrderElementsOf(expected);
        }
        if (c.has("certificates")) {
            assertThat(config.tls().certificates())
                    .hasSize(c.get("certificates").asInt());
        }
        JsonNode contains = c.get("contains");
        if (contains != null) {
            for (var it = contains.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String[] parts = e.getKey().split("\\.", 2);
                Object value =
                        Objects.requireNonNull(sections.get(parts[0]), parts[0]).get(parts[1]);
                assertThat(value).as(e.getKey()).isNotNull();
                for (String fragment : strings(e.getValue())) {
                    assertThat(value.toString()).as(e.getKey()).contains(fragment);
                }
            }
        }
    }

    @Test
    void seedTlsOptionsDecodeAsTheyAre() throws Exception {
        Decoded decoded = DynamicConfigDecoder.decodeYaml(
                "default-tls-options.yml",
                new String(resource("seed-default-tls-options.yml").readAllBytes(), StandardCharsets.UTF_8));
        assertThat(decoded.errors()).isEmpty();
        TlsOptions options = decoded.config().tls().options().get("default");
        assertThat(options.minVersion()).isEqualTo("VersionTLS12");
        assertThat(options.sniStrict()).isTrue();
        assertThat(options.cipherSuites())
                .containsExactly(
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(decoded.config().http().middlewares().get("hsts"))
                .isInstanceOfSatisfying(
                        Middleware.Headers.class,
                        h -> assertThat(h.stsSeconds()).isEqualTo(63072000));
    }

    @Test
    void fullRouterAndServiceDecodeToTheModel() throws Exception {
        Decoded decoded = DynamicConfigDecoder.decodeYaml("d.yml", """
                http:
                  routers:
                    wp:
                      Rule: Host(`a.example`)
                      ENTRYPOINTS: [websecure]
                      middlewares: [hsts@file, local]
                      service: wp
                      priority: 42
                      ruleSyntax: v2
                      tls:
                        certResolver: le
                        options: modern
                        domains:
                          - main: example.com
                            sans: [www.example.com]
                  services:
                    wp:
                      loadBalancer:
                        servers:
                          - url: http://10.0.0.1:80
                          - url: h2c://10.0.0.2:8080/base
                            weight: 3
                            preservePath: true
                        passHostHeader: false
                        strategy: p2c
                        healthCheck: {path: /health, interval: 10s, timeout: 3s, headers: {X-Check: "1"}}
                        sticky: {cookie: {name: lb, secure: true, httpOnly: true, sameSite: Lax, maxAge: 60}}
                        responseForwarding: {flushInterval: 1ms}
                        serversTransport: fast
                """);
        assertThat(decoded.errors()).isEmpty();
        Router router = decoded.config().http().routers().get("wp");
        assertThat(router)
                .isEqualTo(new Router(
                        "Host(`a.example`)",
                        RuleSyntax.V2,
                        42,
                        List.of("websecure"),
                        List.of("hsts@file", "local"),
                        "wp",
                        new RouterTls(
                                true,
                                "modern",
                                "le",
                                List.of(new RouterTls.Domain("example.com", List.of("www.example.com"))))));
        assertThat(decoded.config().http().services().get("wp"))
                .isEqualTo(new LoadBalancerService(
                        List.of(
                                new Server(URI.create("http://10.0.0.1:80"), 1, false),
                                new Server(URI.create("h2c://10.0.0.2:8080/base"), 3, true)),
                        LoadBalancerService.Strategy.P2C,
                        false,
                        new HealthCheck(
                                true,
                                "",
                                "/health",
                                "GET",
                                0,
                                0,
                                "",
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(3),
                                Map.of("X-Check", "1"),
                                true),
                        new StickyCookie(true, "lb", true, true, "lax", 60, "/", ""),
                        Duration.ofMillis(1),
                        "fast"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThatThrownBy(() -> DynamicConfigDecoder.decodeYaml("bad.yml", "http:\n  routers:\n    a: [\n"))
                .isInstanceOfSatisfying(
                        ConfigSyntaxException.class,
                        e -> assertThat(e.error().toString()).startsWith("bad.yml:"));
        assertThatThrownBy(() -> DynamicConfigDecoder.decodeYaml("dup.yml", "http:\n  routers: {}\n  routers: {}\n"))
                .isInstanceOfSatisfying(
                        ConfigSyntaxException.class,
                        e -> assertThat(e.error().toString())
                                .contains("dup.yml:3")
                                .contains("routers"));
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeysWork() throws Exception {
        Decoded decoded = DynamicConfigDecoder.decodeYaml("anchors.yml", """
                x-common: &common
                  entryPoints: [websecure]
                  middlewares: &mws [hsts@file]
                  tls: {certResolver: le}
                http:
                  routers:
                    a:
                      <<: *common
                      rule: Host(`a`)
                      service: s
                    b:
                      <<: *common
                      rule: Host(`b`)
                      service: s
                      entryPoints: [web]
                      middlewares: *mws
                """.replace("x-common", "http2"));
        // "http2" is an unknown section (reported), but its anchors serve the routers.
        assertThat(decoded.errors())
                .singleElement()
                .asString()
                .startsWith("anchors.yml:1: http2: unknown top-level section");
        Router a = decoded.config().http().routers().get("a");
        Router b = decoded.config().http().routers().get("b");
        assertThat(a.entryPoints()).containsExactly("websecure");
        assertThat(a.middlewares()).containsExactly("hsts@file");
        assertThat(a.tls().certResolver()).isEqualTo("le");
        assertThat(b.entryPoints()).containsExactly("web");
        assertThat(b.middlewares()).containsExactly("hsts@file");
    }

    @Test
    void yamlBombsAreRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append(p);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> DynamicConfigDecoder.decodeYaml("bomb.yml", bomb.toString()))
                .isInstanceOfSatisfying(
                        ConfigSyntaxException.class,
                        e -> assertThat(e.error().toString())
                                .startsWith("bomb.yml:")
                                .contains("more than"));
        assertThatThrownBy(() -> DynamicConfigDecoder.decodeYaml("loop.yml", "a: &a [1, *a]\n"))
                .isInstanceOf(ConfigSyntaxException.class);
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        byte[] body = "http:\n  routers:\n    r: {rule: \"Host(`a`)\", service: s}\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Decoded decoded = DynamicConfigDecoder.decodeYaml("bom.yml", withBom);
        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.config().http().routers()).containsOnlyKeys("r");
    }

    @Test
    void emptyDocumentsAreEmptyConfigurations() throws Exception {
        assertThat(DynamicConfigDecoder.decodeYaml("e.yml", "").config()).isEqualTo(DynamicConfig.EMPTY);
        assertThat(DynamicConfigDecoder.decodeYaml("e.yml", "# nothing\n").config())
                .isEqualTo(DynamicConfig.EMPTY);
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
        assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> GoDuration.parse("10 s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("1d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void suggestions() {
        assertThat(NameSuggestion.closest("stripPrefx", MiddlewareDecoder.SUPPORTED))
                .contains("stripPrefix");
        assertThat(NameSuggestion.closest("entrypoint", List.of("entryPoints", "rule")))
                .contains("entryPoints");
        assertThat(NameSuggestion.closest("zzz", List.of("entryPoints", "rule")))
                .isEmpty();
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(DynamicConfigDecoderTest.class.getResourceAsStream("/dynamic/" + name), name);
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
