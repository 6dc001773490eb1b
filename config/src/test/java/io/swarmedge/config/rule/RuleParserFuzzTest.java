package io.swarmedge.config.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.swarmedge.config.dynamic.RuleSyntax;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random rules built from the language's tokens (and some junk): every input either compiles or
 * fails with a {@link RuleSyntaxException} whose column lies within the text, never anything else.
 */
class RuleParserFuzzTest {
    private static final String[] TOKENS = {
        "Host",
        "HostRegexp",
        "Path",
        "PathPrefix",
        "PathRegexp",
        "Method",
        "Header",
        "HeaderRegexp",
        "Query",
        "QueryRegexp",
        "ClientIP",
        "Headers",
        "HeadersRegexp",
        "HostHeader",
        "host",
        "(",
        ")",
        "(",
        ")",
        ",",
        "&&",
        "||",
        "!",
        " ",
        "\t",
        "\n",
        "`a.test`",
        "`/x`",
        "`GET`",
        "`10.0.0.0/8`",
        "`::1`",
        "`{id:[0-9]+}`",
        "`^/[a-z]+$`",
        "`(`",
        "`k=v`",
        "`*.a.test`",
        "\"a\\\"b\"",
        "\"\\x41\"",
        "\"\\u00e9\"",
        "\"\\q\"",
        "\"",
        "`",
        "'",
        "&",
        "|",
        "42",
        "é",
        "``",
        "`/é`",
        "`X-A`",
        "`\\p{Greek}`",
        "`[[:alpha:]]`"
    };

    @Test
    void everyInputCompilesOrFailsWithAColumn() {
        Random random = new Random(4242);
        int compiled = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder b = new StringBuilder();
            expression(random, b, 0);
            // half of the rules get damaged: a random token inserted, or a random cut
            if (random.nextBoolean()) {
                int at = random.nextInt(b.length() + 1);
                if (random.nextBoolean()) {
                    b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                } else {
                    b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(4)));
                }
            }
            String rule = b.toString();
            for (RuleSyntax syntax : new RuleSyntax[] {RuleSyntax.V2, RuleSyntax.V3}) {
                try {
                    Rule r = RuleParser.parse(rule, syntax);
                    r.matches(TestRequest.parse("host=a.test path=/x"));
                    r.requiredHosts();
                    compiled++;
                } catch (RuleSyntaxException e) {
                    assertThat(e.column())
                            .as("column of %s in [%s]", e.getMessage(), rule)
                            .isBetween(1, rule.length() + 1);
                } catch (RuntimeException e) {
                    fail("rule [" + rule + "] (" + syntax + ") threw " + e, e);
                }
            }
        }
        assertThat(compiled).as("some random rules are valid").isGreaterThan(100);
    }

    private static final String[] MATCHERS = {
        "Host(`a.test`)",
        "Host(`A.test`, `b.test`)",
        "HostRegexp(`^[a-z]+\\.test$`)",
        "HostRegexp(`{sub:[a-z]+}.test`)",
        "Path(`/x`)",
        "PathPrefix(`/`)",
        "PathPrefix(`/a`, `/b`)",
        "PathRegexp(`^/x`)",
        "Method(`GET`)",
        "Method(`GET`, `POST`)",
        "Header(`X-A`, `1`)",
        "Headers(`X-A`, `1`)",
        "HeaderRegexp(`X-A`, `^1`)",
        "Query(`k`, `v`)",
        "Query(`k=v`)",
        "QueryRegexp(`k`, `v`)",
        "ClientIP(`10.0.0.0/8`)",
        "ClientIP(`::1`, `127.0.0.1`)",
        "host(\"a.test\")",
        "Host(`*.test`)"
    };

    private static void expression(Random random, StringBuilder b, int depth) {
        int choice = depth > 4 ? 0 : random.nextInt(6);
        switch (choice) {
            case 1 -> {
                b.append('!');
                expression(random, b, depth + 1);
            }
            case 2 -> {
                b.append('(');
                expression(random, b, depth + 1);
                b.append(')');
            }
            case 3, 4 -> {
                expression(random, b, depth + 1);
                b.append(random.nextBoolean() ? " && " : " || ");
                expression(random, b, depth + 1);
            }
            default -> b.append(MATCHERS[random.nextInt(MATCHERS.length)]);
        }
    }
}
