package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.swarmedge.config.dynamic.Middleware;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ReplacePathRegexMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("replace-path-regex.cases", 5, row -> {
            HttpMiddleware middleware =
                    ReplacePathRegexMiddleware.of("r@file", new Middleware.ReplacePathRegex(row.get(0), row.get(1)));
            RequestContext context = Requests.get(row.get(2));
            assertThat(middleware.onRequest(context)).isEmpty();
            assertThat(context.request().uri()).isEqualTo(row.get(3));
            assertThat(context.request().headers().getAll("X-Replaced-Path"))
                    .isEqualTo(row.get(4).isEmpty() ? List.of() : List.of(row.get(4)));
        });
    }

    @Test
    void aReplacementThatCannotBeUnescapedAnswers500LikeTraefik() {
        HttpMiddleware middleware =
                ReplacePathRegexMiddleware.of("r@file", new Middleware.ReplacePathRegex("^/x", "/%zz"));
        FullHttpResponse answer = middleware.onRequest(Requests.get("/x")).orElseThrow();
        assertThat(answer.status().code()).isEqualTo(500);
        answer.release();
    }
}
