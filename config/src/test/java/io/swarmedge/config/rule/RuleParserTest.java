package io.swarmedge.config.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.dynamic.RuleSyntax;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleParserTest {

    private static Rule v3(String rule) {
        return RuleParser.parse(rule, RuleSyntax.V3);
    }

    @Test
    void requiredHostsOfAndIsTheIntersectionOfConstrainedSides() {
        assertThat(v3("Host(`a.test`) && PathPrefix(`/x`)").requiredHosts()).contains(Set.of("a.test", "a.test."));
        assertThat(v3("PathPrefix(`/x`) && (Host(`a.test`) || Host(`b.test`)) && Host(`b.test`)")
                        .requiredHosts())
                .contains(Set.of("b.test", "b.test."));
        assertThat(v3("Host(`a.test`) && Host(`b.test`)").requiredHosts()).contains(Set.of());
    }

    @Test
    void requiredHostsOfOrNeedsEverySideConstrained() {
        assertThat(v3("Host(`a.test`) || Host(`B.test.`)").requiredHosts())
                .contains(Set.of("a.test", "a.test.", "b.test", "b.test."));
        assertThat(v3("Host(`a.test`) || Path(`/`)").requiredHosts()).isEmpty();
        assertThat(v3("(Host(`a.test`) && Path(`/a`)) || (Host(`b.test`) && Path(`/b`))")
                        .requiredHosts())
                .contains(Set.of("a.test", "a.test.", "b.test", "b.test."));
    }

    @Test
    void requiredHostsIsEmptyWhenUnsure() {
        assertThat(v3("!Host(`a.test`)").requiredHosts()).isEmpty();
        assertThat(v3("!!Host(`a.test`)").requiredHosts()).isEmpty();
        assertThat(v3("HostRegexp(`^a\\.test$`)").requiredHosts()).isEmpty();
        assertThat(v3("Host(`*.a.test`)").requiredHosts()).isEmpty();
        assertThat(v3("PathPrefix(`/`)").requiredHosts()).isEmpty();
        assertThat(RuleParser.parse("Host(`a.test`, `b.test`)", RuleSyntax.V2).requiredHosts())
                .contains(Set.of("a.test", "a.test.", "b.test", "b.test."));
    }

    @Test
    void defaultSyntaxIsResolvedFromTheGivenDefault() {
        assertThat(RuleParser.parse("Host(`a`, `b`)", RuleSyntax.DEFAULT, RuleSyntax.V2)
                        .matches(TestRequest.parse("host=b")))
                .isTrue();
        assertThatThrownBy(() -> RuleParser.parse("Host(`a`, `b`)", RuleSyntax.DEFAULT))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("Host takes 1 value");
        assertThatThrownBy(() -> RuleParser.parse("Host(`a`, `b`)", RuleSyntax.V3, RuleSyntax.V2))
                .isInstanceOf(RuleSyntaxException.class);
    }

    @Test
    void newlinesAreWhitespaceAndColumnsCountFromTheRuleStart() {
        assertThat(v3("Host(`a.test`)\n  && Path(`/x`)").matches(TestRequest.parse("host=a.test path=/x")))
                .isTrue();
        assertThatThrownBy(() -> v3("Host(`a.test`)\n  && )")).isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
            assertThat(e.column()).isEqualTo(21);
            assertThat(e.reason()).isEqualTo("unexpected ')'");
        });
    }

    @Test
    void limitsRuleLengthAndNesting() {
        assertThatThrownBy(() -> v3("Path(`/" + "a".repeat(RuleParser.MAX_LENGTH) + "`)"))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("rule longer than");
        String deep = "(".repeat(200) + "Host(`a`)" + ")".repeat(200);
        assertThatThrownBy(() -> v3(deep))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("nested deeper");
        String nots = "!".repeat(200) + "Host(`a`)";
        assertThatThrownBy(() -> v3(nots)).isInstanceOf(RuleSyntaxException.class);
        assertThat(v3("(".repeat(50) + "Host(`a`)" + ")".repeat(50)).matches(TestRequest.parse("host=a")))
                .isTrue();
    }

    @Test
    void sourceIsTheRuleText() {
        assertThat(v3(" Host(`a`) ").source()).isEqualTo(" Host(`a`) ");
        assertThat(v3("Host(`a`)").toString()).isEqualTo("Host(`a`)");
    }

    @Test
    void defaultPriorityIsTheRuleLengthInBytesAsTraefik() {
        Router plain = router("Host(`example.com`)", 0);
        assertThat(plain.effectivePriority()).isEqualTo(19);
        // Go's len() counts UTF-8 bytes: é is two
        assertThat(router("Path(`/café`)", 0).effectivePriority()).isEqualTo(14);
        assertThat(router("Host(`a`)", 5).effectivePriority()).isEqualTo(5);
        assertThat(router("Host(`a`)", -1).effectivePriority()).isEqualTo(-1);
        // longer (more specific) rules win by default
        assertThat(router("Host(`a.test`) && PathPrefix(`/api`)", 0).effectivePriority())
                .isGreaterThan(router("Host(`a.test`)", 0).effectivePriority());
    }

    private static Router router(String rule, int priority) {
        return new Router(rule, RuleSyntax.DEFAULT, priority, List.of(), List.of(), "svc", RouterTls.NONE);
    }

    @Test
    void goRegexpTranslationKeepsGoMeaning() {
        assertThat(GoRegexp.compile("^a$").matcher("a\n").find()).isFalse();
        assertThat(GoRegexp.compile("(?m)^a$").matcher("a\nb").find()).isTrue();
        assertThat(GoRegexp.compile("a.b").matcher("a\rb").find()).isTrue();
        assertThat(GoRegexp.compile("a{,2}").matcher("a{,2}").find()).isTrue();
        assertThat(GoRegexp.compile("(?P<first_name>x)").matcher("x").find()).isTrue();
        assertThat(GoRegexp.compile("(?P<name>x)(?i:Y)$").matcher("xy").find()).isTrue();
        assertThat(GoRegexp.compile("(?i:a)b").matcher("AB").find()).isFalse();
        assertThat(GoRegexp.compile("\\141").matcher("a").find()).isTrue();
    }

    @Test
    void catastrophicBacktrackingOnHostileInputFailsClosed() {
        // without the budget this takes seconds in java.util.regex (and minutes at 40 characters)
        String hostile = "/" + "a".repeat(40) + "!";
        Rule plain = v3("PathRegexp(`^/(.*a){12}$`)");
        Rule negated = v3("!PathRegexp(`^/(.*a){12}$`)");
        long start = System.nanoTime();
        assertThat(plain.matches(TestRequest.parse("path=" + hostile))).isFalse();
        // the abandoned match must not turn a negated rule into a match
        assertThat(negated.matches(TestRequest.parse("path=" + hostile))).isFalse();
        assertThat(System.nanoTime() - start).as("bounded work").isLessThan(5_000_000_000L);
        assertThat(plain.matches(TestRequest.parse("path=/" + "a".repeat(12)))).isTrue();
        assertThat(negated.matches(TestRequest.parse("path=/b"))).isTrue();
    }
}
