package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.rule.GoPattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Go replacement templates expanded by {@link GoPattern#replaceAll}, as the redirect and rewrite
 * middlewares use them; each row of the table was checked against Go's {@code ReplaceAllString}.
 */
class GoTemplateTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("go-template.cases", 4, row -> {
            String input = row.get(1).replace("\\n", "\n");
            String expected = row.get(3);
            if (expected.startsWith("!")) {
                assertThatThrownBy(() -> GoPattern.compile(row.get(0)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(expected.substring(1));
                return;
            }
            GoPattern regexp = GoPattern.compile(row.get(0));
            String replacement = row.get(2).isEmpty() ? "-" : row.get(2);
            assertThat(regexp.replaceAll(input, GoTemplate.parse(replacement, regexp)::expand))
                    .isEqualTo(expected);
        });
    }
}
