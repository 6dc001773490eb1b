package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.swarmedge.config.dynamic.Middleware;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RedirectRegexMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("redirect-regex.cases", 9, row -> {
            HttpMiddleware middleware = RedirectRegexMiddleware.of(
                    "test@file", new Middleware.RedirectRegex(row.get(0), row.get(1), row.flag(2)));
            RequestContext context = Requests.context(row.get(3), row.get(5), row.get(6), row.flag(4));
            Optional<FullHttpResponse> answer = middleware.onRequest(context);
            if (row.get(7).isEmpty()) {
                assertThat(answer).isEmpty();
            } else {
                assertThat(answer).isPresent();
                assertThat(answer.get().status().code()).isEqualTo(Integer.parseInt(row.get(7)));
                assertThat(answer.get().headers().get("Location")).isEqualTo(row.get(8));
                answer.get().release();
            }
        });
    }

    @Test
    void anInvalidExpressionIsACompileError() {
        assertThatThrownBy(() -> RedirectRegexMiddleware.of("r@file", new Middleware.RedirectRegex("a(b", "x", false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a(b");
    }

    @Test
    void aPathologicalExpressionCostsABoundedAmountAndForwards() {
        HttpMiddleware middleware = RedirectRegexMiddleware.of(
                "evil@file", new Middleware.RedirectRegex("^http://x/(.*){1,10}[bc]", "/y", false));
        RequestContext context = Requests.context("GET", "/" + "a".repeat(40), "x", false);
        assertThat(middleware.onRequest(context)).isEmpty();
    }
}
