package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.dynamic.Middleware;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class StripPrefixRegexMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("strip-prefix-regex.cases", 4, row -> {
            List<String> regexes = List.of(row.get(0).split("\\|"));
            HttpMiddleware middleware =
                    StripPrefixRegexMiddleware.of("s@file", new Middleware.StripPrefixRegex(regexes));
            RequestContext context = Requests.get(row.get(1));
            assertThat(middleware.onRequest(context)).isEmpty();
            assertThat(context.request().uri()).isEqualTo(row.get(2));
            assertThat(context.request().headers().getAll("X-Forwarded-Prefix"))
                    .isEqualTo(row.get(3).isEmpty() ? List.of() : List.of(row.get(3)));
        });
    }

    @Test
    void namesTheInvalidExpression() {
        assertThatThrownBy(() -> StripPrefixRegexMiddleware.of(
                        "s@file", new Middleware.StripPrefixRegex(List.of("/ok", "/(bad"))))
                .hasMessageStartingWith("regex[1]: ")
                .hasMessageContaining("/(bad");
    }
}
