package io.swarmedge.config.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.swarmedge.config.dynamic.RuleSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the case files under {@code src/test/resources/rules/}.
 *
 * <p>Valid files: a {@code rule <text>} line, then {@code + <request>} (must match), {@code -
 * <request>} (must not match) and optionally {@code hosts <h1> <h2>...} (expected requiredHosts;
 * {@code hosts *} = any host). Invalid files: {@code rule <text>} then {@code error <column>
 * <message fragment>}. Lines starting with '#' and blank lines are ignored.
 */
class RuleCasesTest {

    @TestFactory
    List<DynamicTest> v3Valid() throws IOException {
        return valid("v3-valid.txt", RuleSyntax.V3);
    }

    @TestFactory
    List<DynamicTest> v2Valid() throws IOException {
        return valid("v2-valid.txt", RuleSyntax.V2);
    }

    @TestFactory
    List<DynamicTest> v3Invalid() throws IOException {
        return invalid("v3-invalid.txt", RuleSyntax.V3);
    }

    @TestFactory
    List<DynamicTest> v2Invalid() throws IOException {
        return invalid("v2-invalid.txt", RuleSyntax.V2);
    }

    private static List<DynamicTest> valid(String file, RuleSyntax syntax) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("rule")) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": expected 'rule ': " + line);
            }
            String rule = line.length() > 5 ? line.substring(5) : "";
            int at = i + 1;
            List<String> checks = new ArrayList<>();
            while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("rule")) {
                checks.add(lines.get(++i));
            }
            tests.add(dynamicTest(file + ":" + at + " " + rule, () -> {
                Rule compiled = RuleParser.parse(rule, syntax);
                assertThat(compiled.source()).isEqualTo(rule);
                for (String check : checks) {
                    if (check.startsWith("+") || check.startsWith("-")) {
                        boolean expected = check.charAt(0) == '+';
                        assertThat(compiled.matches(TestRequest.parse(check.substring(1))))
                                .as("%s against [%s]", rule, check)
                                .isEqualTo(expected);
                    } else if (check.startsWith("hosts ")) {
                        String spec = check.substring(6).trim();
                        if (spec.equals("*")) {
                            assertThat(compiled.requiredHosts())
                                    .as("requiredHosts")
                                    .isEmpty();
                        } else {
                            Set<String> expected = spec.equals("-")
                                    ? Set.of()
                                    : Arrays.stream(spec.split("\\s+")).collect(Collectors.toSet());
                            assertThat(compiled.requiredHosts())
                                    .as("requiredHosts")
                                    .contains(expected);
                        }
                    } else {
                        throw new IllegalStateException(file + ": bad check line: " + check);
                    }
                }
            }));
        }
        return tests;
    }

    private static List<DynamicTest> invalid(String file, RuleSyntax syntax) throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            String ruleLine = lines.get(i);
            String errorLine = lines.get(i + 1);
            if (!ruleLine.startsWith("rule") || !errorLine.startsWith("error ")) {
                throw new IllegalStateException(file + ": expected rule/error pair at: " + ruleLine);
            }
            String rule = ruleLine.length() > 5 ? ruleLine.substring(5) : "";
            String[] parts = errorLine.substring(6).split(" ", 2);
            int column = Integer.parseInt(parts[0]);
            String fragment = parts[1];
            tests.add(dynamicTest(
                    file + " " + rule,
                    () -> assertThatThrownBy(() -> RuleParser.parse(rule, syntax))
                            .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                                assertThat(e.getMessage()).contains(fragment);
                                assertThat(e.column())
                                        .as("column of: %s", e.getMessage())
                                        .isEqualTo(column);
                                assertThat(e.getMessage()).contains("at column " + column);
                            })));
        }
        return tests;
    }

    private static List<String> lines(String file) throws IOException {
        try (InputStream in = RuleCasesTest.class.getResourceAsStream("/rules/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing /rules/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
    }
}
