package io.swarmedge.config.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Table-driven: {@code src/test/resources/labels/constraints.yml}. */
class LabelConstraintTest {
    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        JsonNode cases = new ObjectMapper(new YAMLFactory())
                .readTree(Objects.requireNonNull(getClass().getResourceAsStream("/labels/constraints.yml")));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String expr = c.get("expr").asText();
            tests.add(DynamicTest.dynamicTest(expr.isEmpty() ? "(empty)" : expr, () -> {
                if (c.has("error")) {
                    assertThatThrownBy(() -> LabelConstraint.parse(expr))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith("constraints: ")
                            .hasMessageContaining(c.get("error").asText());
                    return;
                }
                LabelConstraint constraint = LabelConstraint.parse(expr);
                for (JsonNode labels : c.path("accept")) {
                    assertThat(constraint.test(map(labels)))
                            .as("accepts %s", labels)
                            .isTrue();
                }
                for (JsonNode labels : c.path("refuse")) {
                    assertThat(constraint.test(map(labels)))
                            .as("refuses %s", labels)
                            .isFalse();
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "(".repeat(200) + "Label(`a`, `b`)" + ")".repeat(200);
        assertThatThrownBy(() -> LabelConstraint.parse(deep)).hasMessageContaining("nested deeper");
    }

    private static Map<String, String> map(JsonNode labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
