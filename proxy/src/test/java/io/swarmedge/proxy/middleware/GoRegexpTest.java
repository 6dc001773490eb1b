package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GoRegexpTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("go-regexp.cases", 4, row -> {
            String input = row.get(1).replace("\\n", "\n");
            String expected = row.get(3);
            if (expected.startsWith("!")) {
                assertThatThrownBy(() -> GoRegexp.compile(row.get(0)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(expected.substring(1));
                return;
            }
            GoRegexp regexp = GoRegexp.compile(row.get(0));
            String replacement = row.get(2).isEmpty() ? "-" : row.get(2);
            assertThat(regexp.replaceAll(input, GoTemplate.parse(replacement, regexp)))
                    .isEqualTo(expected);
        });
    }

    @Test
    void prefixMatchMustStartAtZero() {
        GoRegexp regexp = GoRegexp.compile("/b/[a-z]+");
        assertThat(regexp.prefixMatchEnd("/b/api/x")).isEqualTo(6);
        assertThat(regexp.prefixMatchEnd("/a/b/api")).isEqualTo(-1);
    }

    @Test
    void catastrophicBacktrackingStopsAtTheBudget() {
        // java.util.regex memoizes simple nested loops, but not this one
        GoRegexp regexp = GoRegexp.compile("(.*){1,10}[bc]");
        String hostile = "a".repeat(30);
        long start = System.nanoTime();
        assertThatThrownBy(() -> regexp.find(hostile)).isInstanceOf(GoRegexp.ReadBudgetExceeded.class);
        // generous bound: the budget is ~10 ms of work; unbounded, this input takes hours
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void ordinaryMatchesOnLongInputsStayWithinBudget() {
        GoRegexp regexp = GoRegexp.compile("^/api/(.*)/items/([0-9]+)$");
        String path = "/api/" + "x/".repeat(2000) + "items/42";
        assertThat(regexp.find(path)).isTrue();
    }
}
