package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.dynamic.Middleware;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ReplacePathMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("replace-path.cases", 4, row -> {
            HttpMiddleware middleware = ReplacePathMiddleware.of(new Middleware.ReplacePath(row.get(0)));
            RequestContext context = Requests.get(row.get(1));
            assertThat(middleware.onRequest(context)).isEmpty();
            assertThat(context.request().uri()).isEqualTo(row.get(2));
            assertThat(context.request().headers().getAll("X-Replaced-Path")).isEqualTo(List.of(row.get(3)));
        });
    }

    @Test
    void anInvalidEscapeIsACompileError() {
        assertThatThrownBy(() -> ReplacePathMiddleware.of(new Middleware.ReplacePath("/a%zz")))
                .hasMessageContaining("invalid percent-escape");
    }
}
