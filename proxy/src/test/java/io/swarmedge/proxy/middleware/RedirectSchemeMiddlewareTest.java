package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.swarmedge.config.dynamic.Middleware;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RedirectSchemeMiddlewareTest {

    @TestFactory
    Stream<DynamicTest> cases() {
        return CaseTable.tests("redirect-scheme.cases", 10, row -> {
            HttpMiddleware middleware =
                    RedirectSchemeMiddleware.of(new Middleware.RedirectScheme(row.get(0), row.get(1), row.flag(2)));
            RequestContext context = Requests.context(row.get(3), row.get(5), row.get(6), row.flag(4));
            if (!row.get(7).isEmpty()) {
                context.request().headers().set("X-Forwarded-Proto", row.get(7));
            }
            String uriBefore = context.request().uri();
            Optional<FullHttpResponse> answer = middleware.onRequest(context);
            if (row.get(8).isEmpty()) {
                assertThat(answer).isEmpty();
                assertThat(context.request().uri()).isEqualTo(uriBefore);
            } else {
                assertThat(answer).isPresent();
                FullHttpResponse response = answer.get();
                assertThat(response.status().code()).isEqualTo(Integer.parseInt(row.get(8)));
                assertThat(response.headers().get("Location")).isEqualTo(row.get(9));
                response.release();
            }
        });
    }

    @Test
    void redirectBodyIsTheStatusTextLikeTraefik() {
        HttpMiddleware middleware = RedirectSchemeMiddleware.of(new Middleware.RedirectScheme("https", "", true));
        FullHttpResponse response = middleware.onRequest(Requests.get("/")).orElseThrow();
        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("Moved Permanently");
        assertThat(response.headers().getInt("Content-Length")).isEqualTo("Moved Permanently".length());
        assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        response.release();
    }

    @Test
    void headRedirectHasNoBodyButTheLength() {
        HttpMiddleware middleware = RedirectSchemeMiddleware.of(new Middleware.RedirectScheme("https", "", false));
        FullHttpResponse response = middleware
                .onRequest(Requests.context("HEAD", "/", "foo", false))
                .orElseThrow();
        assertThat(response.content().readableBytes()).isZero();
        assertThat(response.headers().getInt("Content-Length")).isEqualTo("Temporary Redirect".length());
    }

    @Test
    void refusesAMissingSchemeOrABadPort() {
        assertThatThrownBy(() -> RedirectSchemeMiddleware.of(new Middleware.RedirectScheme("", "", false)))
                .hasMessageContaining("target scheme");
        assertThatThrownBy(() -> RedirectSchemeMiddleware.of(new Middleware.RedirectScheme("https", "44x", false)))
                .hasMessageContaining("invalid port \"44x\"");
        assertThatThrownBy(() -> RedirectSchemeMiddleware.of(new Middleware.RedirectScheme("https", "70000", false)))
                .hasMessageContaining("invalid port");
    }
}
