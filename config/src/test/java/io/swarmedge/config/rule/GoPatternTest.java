package io.swarmedge.config.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoPatternTest {

    @Test
    void prefixMatchMustStartAtZero() {
        GoPattern regexp = GoPattern.compile("/b/[a-z]+");
        assertThat(regexp.prefixMatchEnd("/b/api/x")).isEqualTo(6);
        assertThat(regexp.prefixMatchEnd("/a/b/api")).isEqualTo(-1);
    }

    @Test
    void findIsGoMatchStringWithGoLineEnds() {
        assertThat(GoPattern.compile("^a$").find("a\n")).isFalse();
        assertThat(GoPattern.compile("a\\sb").find("a\u000Bb")).isFalse();
        assertThat(GoPattern.compile("(?i)straße").find("STRASSE")).isFalse();
        assertThat(GoPattern.compile("(?i)é").find("É")).isTrue();
    }

    @Test
    void goGroupNamesResolveToNumbersEvenWhereJavaHasNoSuchName() {
        GoPattern regexp = GoPattern.compile("(x)(?P<first_name>a)(?:b)(?P<1st>c)(?P<n>d)|(?P<n>e)");
        assertThat(regexp.groupCount()).isEqualTo(5);
        assertThat(regexp.groups("first_name")).containsExactly(2);
        assertThat(regexp.groups("1st")).containsExactly(3);
        assertThat(regexp.groups("n")).containsExactly(4, 5);
        assertThat(regexp.groups("missing")).isEmpty();
    }

    @Test
    void replaceAllSkipsAnEmptyMatchRightAfterAMatchAsGoDoes() {
        GoPattern regexp = GoPattern.compile("x*");
        assertThat(regexp.replaceAll("axb", (m, in, out) -> out.append('-'))).isEqualTo("-a-b-");
        GoPattern groups = GoPattern.compile("a(x*)b");
        assertThat(groups.replaceAll(
                        "-ab-axxb-",
                        (m, in, out) -> out.append('[').append(m.group(1)).append(']')))
                .isEqualTo("-[]-[xx]-");
        assertThat(groups.replaceAll("none", (m, in, out) -> out.append('!'))).isEqualTo("none");
    }

    @Test
    void refusalsNameTheExpressionAndTheColumn() {
        assertThatThrownBy(() -> GoPattern.compile("/api/(v1"))
                .isInstanceOf(GoRegexp.InvalidRegexpException.class)
                .hasMessage("invalid regular expression `/api/(v1`: missing closing ) at column 9");
        assertThatThrownBy(() -> GoPattern.compile("a(?=b)"))
                .hasMessageContaining("`a(?=b)`")
                .hasMessageContaining("not supported by Go regexps at column 2");
    }

    @Test
    void catastrophicBacktrackingStopsAtTheBudget() {
        // java.util.regex memoizes simple nested loops, but not this one
        GoPattern regexp = GoPattern.compile("(.*){1,10}[bc]");
        String hostile = "a".repeat(30);
        long start = System.nanoTime();
        assertThatThrownBy(() -> regexp.find(hostile)).isInstanceOf(BudgetedText.Exceeded.class);
        assertThatThrownBy(() -> regexp.replaceAll(hostile, (m, in, out) -> {}))
                .isInstanceOf(BudgetedText.Exceeded.class);
        // generous bound: the budget is a few ms of work; unbounded, this input takes hours
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void ordinaryMatchesOnLongInputsStayWithinBudget() {
        GoPattern regexp = GoPattern.compile("^/api/(.*)/items/([0-9]+)$");
        String path = "/api/" + "x/".repeat(2000) + "items/42";
        assertThat(regexp.find(path)).isTrue();
    }
}
