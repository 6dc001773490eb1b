package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.rule.GoPattern;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Random, hostile inputs (seeded, so failures reproduce): malformed escapes, raw non-ASCII bytes,
 * odd expressions. Nothing may throw anything but the documented compile error, and rewrites must
 * keep producing origin-form URIs.
 */
class HostileInputTest {
    // no space, CR or LF: Netty refuses them in a request line
    private static final String PATH_ALPHABET = "/%aZ09._~-+?&=:@\u00e9\u00ff\u0100\u4e2dfF2";
    private static final String REGEX_ALPHABET = "()[]{}?*+|\\^$.:<>=!Pa1-_,&";

    private static String random(RandomGenerator random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    void pathRewritesNeverThrowAndKeepOriginForm() {
        RandomGenerator random = new Random(20261126L);
        for (int i = 0; i < 5000; i++) {
            String path = "/" + random(random, PATH_ALPHABET, 24).replace("?", "");
            String query = random.nextBoolean() ? "" : "?" + random(random, PATH_ALPHABET, 8);
            String prefix = "/" + random(random, "abc%/\u00e9", 3);
            List<HttpMiddleware> middlewares = List.of(
                    StripPrefixMiddleware.of(new Middleware.StripPrefix(List.of(prefix, "/a"), false)),
                    StripPrefixRegexMiddleware.of("s", new Middleware.StripPrefixRegex(List.of("/[a-c%]+", "/\u00e9"))),
                    AddPrefixMiddleware.of(new Middleware.AddPrefix(prefix)),
                    ReplacePathRegexMiddleware.of("r", new Middleware.ReplacePathRegex("/(a|%)", "/$1$1")));
            for (HttpMiddleware middleware : middlewares) {
                RequestContext context = Requests.get(path + query);
                assertThatCode(() -> middleware.onRequest(context))
                        .as("%s on %s", middleware.getClass().getSimpleName(), path + query)
                        .doesNotThrowAnyException();
                assertThat(context.request().uri()).startsWith("/");
            }
        }
    }

    @Test
    void expressionsEitherCompileOrFailWithACompileError() {
        RandomGenerator random = new Random(42L);
        for (int i = 0; i < 20000; i++) {
            String expression = random(random, REGEX_ALPHABET, 12);
            GoPattern regexp;
            try {
                regexp = GoPattern.compile(expression);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains("invalid regular expression");
                continue;
            }
            String input = random(random, "abc:/<>P1_", 16);
            assertThatCode(() -> regexp.replaceAll(input, GoTemplate.parse("$1${P}$$x", regexp)::expand))
                    .as("`%s` on %s", expression, input)
                    .doesNotThrowAnyException();
        }
    }
}
