package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.dynamic.Middleware;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class StripPrefixMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("strip-prefix.cases", 5, row -> {
            List<String> prefixes =
                    row.get(0).isEmpty() ? List.of() : Arrays.asList(row.get(0).split(","));
            HttpMiddleware middleware = StripPrefixMiddleware.of(new Middleware.StripPrefix(prefixes, row.flag(1)));
            RequestContext context = Requests.get(row.get(2));
            assertThat(middleware.onRequest(context)).isEmpty();
            assertThat(context.request().uri()).isEqualTo(row.get(3));
            List<String> forwarded = context.request().headers().getAll("X-Forwarded-Prefix");
            assertThat(forwarded).isEqualTo(row.get(4).isEmpty() ? List.of() : List.of(row.get(4)));
            assertThat(context.originalUri()).isEqualTo(row.get(2));
        });
    }

    @Test
    void twoStripsAddTwoForwardedPrefixes() {
        HttpMiddleware first = StripPrefixMiddleware.of(new Middleware.StripPrefix(List.of("/a"), false));
        HttpMiddleware second = StripPrefixMiddleware.of(new Middleware.StripPrefix(List.of("/b"), false));
        RequestContext context = Requests.get("/a/b/c");
        first.onRequest(context);
        second.onRequest(context);
        assertThat(context.request().uri()).isEqualTo("/c");
        assertThat(context.request().headers().getAll("X-Forwarded-Prefix")).containsExactly("/a", "/b");
    }
}
