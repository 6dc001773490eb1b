package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.config.dynamic.Middleware;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AddPrefixMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("add-prefix.cases", 3, row -> {
            HttpMiddleware middleware = AddPrefixMiddleware.of(new Middleware.AddPrefix(row.get(0)));
            RequestContext context = Requests.get(row.get(1));
            assertThat(middleware.onRequest(context)).isEmpty();
            assertThat(context.request().uri()).isEqualTo(row.get(2));
        });
    }

    @Test
    void anEmptyPrefixIsRefusedAsInTraefik() {
        assertThatThrownBy(() -> AddPrefixMiddleware.of(new Middleware.AddPrefix("")))
                .hasMessageContaining("prefix cannot be empty");
    }
}
