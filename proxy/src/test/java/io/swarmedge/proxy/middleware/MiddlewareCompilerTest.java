package io.swarmedge.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.swarmedge.config.dynamic.Middleware;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiddlewareCompilerTest {
    private final MiddlewareCompiler compiler = new MiddlewareCompiler();

    private static Middleware hsts() {
        HeadersConfigs c = new HeadersConfigs();
        c.stsSeconds = 63072000;
        return c.build();
    }

    @Test
    void compilesEveryTypeByQualifiedName() {
        Map<String, Middleware> configs = Map.of(
                "hsts@file", hsts(),
                "https@file", new Middleware.RedirectScheme("https", "", true),
                "old@file", new Middleware.RedirectRegex("^http://old/(.*)", "http://new/${1}", false),
                "strip@file", new Middleware.StripPrefix(List.of("/api"), false),
                "stripre@file", new Middleware.StripPrefixRegex(List.of("/v[0-9]+")),
                "add@file", new Middleware.AddPrefix("/app"),
                "replace@file", new Middleware.ReplacePath("/x"),
                "replacere@file", new Middleware.ReplacePathRegex("^/a/(.*)", "/b/$1"),
                "secure@file", new Middleware.Chain(List.of("https", "hsts")));
        CompiledMiddlewares compiled = compiler.compile(configs);
        assertThat(compiled.errors()).isEmpty();
        assertThat(compiled.middlewares()).containsOnlyKeys(configs.keySet());
        assertThat(compiled.get("secure@file")).containsInstanceOf(ChainMiddleware.class);
        assertThat(compiled.get("hsts@file")).containsInstanceOf(HeadersMiddleware.class);
    }

    @Test
    void theSeedsHstsMiddlewareWorksThroughTheCompiler() {
        CompiledMiddlewares compiled = compiler.compile(Map.of("hsts@file", hsts()));
        ChainMiddleware router = compiled.chain(List.of("hsts@file"), "swarm");
        RequestContext context = Requests.context("GET", "/", "wp.example.com", true);
        assertThat(router.onRequest(context)).isEmpty();
        HttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        router.onResponse(context, response);
        assertThat(response.headers().get("Strict-Transport-Security")).isEqualTo("max-age=63072000");
    }

    @Test
    void aFailedMiddlewareIsReportedByNameAndLeftOut() {
        CompiledMiddlewares compiled = compiler.compile(Map.of(
                "bad@file", new Middleware.RedirectRegex("^(unclosed", "x", false),
                "good@file", new Middleware.AddPrefix("/a")));
        assertThat(compiled.middlewares()).containsOnlyKeys("good@file");
        assertThat(compiled.errors()).hasSize(1);
        MiddlewareError error = compiled.errors().getFirst();
        assertThat(error.name()).isEqualTo("bad@file");
        assertThat(error.message()).contains("^(unclosed");
        assertThat(error.toString()).startsWith("middleware \"bad@file\": ");
        assertThatThrownBy(() -> compiled.resolve(List.of("good", "bad"), "file"))
                .isInstanceOf(UnresolvedMiddlewareException.class)
                .hasMessageContaining("\"bad@file\" is invalid")
                .satisfies(e -> assertThat(((UnresolvedMiddlewareException) e).middleware())
                        .isEqualTo("bad@file"));
        assertThatThrownBy(() -> compiled.resolve(List.of("missing@docker")))
                .hasMessageContaining("\"missing@docker\" is not defined");
    }

    @Test
    void chainsAreFlattenedAndQualifiedWithTheirProvider() {
        Map<String, Middleware> configs = Map.of(
                "a@file", new Middleware.AddPrefix("/a"),
                "b@file", new Middleware.AddPrefix("/b"),
                "c@swarm", new Middleware.AddPrefix("/c"),
                "inner@file", new Middleware.Chain(List.of("a", "c@swarm")),
                "outer@file", new Middleware.Chain(List.of("inner", "b", "inner")));
        CompiledMiddlewares compiled = compiler.compile(configs);
        assertThat(compiled.errors()).isEmpty();
        List<HttpMiddleware> leaves = compiled.resolve(List.of("outer@file"));
        HttpMiddleware a = compiled.get("a@file").orElseThrow();
        HttpMiddleware b = compiled.get("b@file").orElseThrow();
        HttpMiddleware c = compiled.get("c@swarm").orElseThrow();
        assertThat(leaves).containsExactly(a, c, b, a, c);
        RequestContext context = Requests.get("/x");
        compiled.chain(List.of("outer"), "file").onRequest(context);
        assertThat(context.request().uri()).isEqualTo("/c/a/b/c/a/x");
    }

    @Test
    void loopsAreDetectedAndReported() {
        Map<String, Middleware> configs = Map.of(
                "a@file", new Middleware.Chain(List.of("b")),
                "b@file", new Middleware.Chain(List.of("a")),
                "self@file", new Middleware.Chain(List.of("self@file")),
                "user@file", new Middleware.Chain(List.of("a")),
                "fine@file", new Middleware.Chain(List.of("leaf")),
                "leaf@file", new Middleware.AddPrefix("/x"));
        CompiledMiddlewares compiled = compiler.compile(configs);
        Map<String, String> errors = new HashMap<>();
        compiled.errors().forEach(e -> errors.put(e.name(), e.message()));
        assertThat(errors).containsOnlyKeys("a@file", "b@file", "self@file", "user@file");
        assertThat(errors.get("self@file")).isEqualTo("chain loop: self@file -> self@file");
        assertThat(errors.get("a@file") + errors.get("b@file")).contains("chain loop: ");
        assertThat(errors.get("user@file")).startsWith("chain member \"a@file\" is invalid: ");
        assertThat(compiled.middlewares()).containsOnlyKeys("fine@file", "leaf@file");
    }

    @Test
    void undefinedChainMembersAreReported() {
        CompiledMiddlewares compiled = compiler.compile(Map.of("c@file", new Middleware.Chain(List.of("ghost"))));
        assertThat(compiled.errors())
                .containsExactly(new MiddlewareError("c@file", "chain member \"ghost@file\" is not defined"));
    }

    @Test
    void exponentialChainsAreRefused() {
        Map<String, Middleware> configs = new HashMap<>();
        configs.put("l0@file", new Middleware.AddPrefix("/x"));
        for (int i = 1; i <= 12; i++) {
            configs.put("l" + i + "@file", new Middleware.Chain(List.of("l" + (i - 1), "l" + (i - 1))));
        }
        CompiledMiddlewares compiled = compiler.compile(configs);
        assertThat(compiled.get("l8@file")).isPresent();
        assertThat(compiled.get("l9@file")).isEmpty();
        assertThat(compiled.errors().stream().map(MiddlewareError::name)).contains("l9@file", "l12@file");
    }

    @Test
    void anAnswerGoesBackThroughTheEarlierMiddlewaresOnly() {
        List<String> seen = new ArrayList<>();
        HttpMiddleware outer = recorder("outer", seen, false);
        HttpMiddleware answering = recorder("answering", seen, true);
        HttpMiddleware inner = recorder("inner", seen, false);
        ChainMiddleware chain = new ChainMiddleware(List.of(outer, answering, inner));
        FullHttpResponse answer = chain.onRequest(Requests.get("/")).orElseThrow();
        assertThat(seen).containsExactly("outer.request", "answering.request", "outer.response");
        assertThat(answer.headers().get("X-Outer")).isEqualTo("seen");

        seen.clear();
        ChainMiddleware forwarding = new ChainMiddleware(List.of(outer, inner));
        RequestContext context = Requests.get("/");
        assertThat(forwarding.onRequest(context)).isEmpty();
        forwarding.onResponse(context, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat(seen).containsExactly("outer.request", "inner.request", "inner.response", "outer.response");
    }

    @Test
    void hstsIsAddedToARedirectFromALaterMiddleware() {
        CompiledMiddlewares compiled = compiler.compile(
                Map.of("hsts@file", hsts(), "https@file", new Middleware.RedirectScheme("https", "8443", true)));
        FullHttpResponse answer = compiled.chain(List.of("hsts", "https"), "file")
                .onRequest(Requests.context("GET", "/", "a", true))
                .orElseThrow();
        assertThat(answer.status().code()).isEqualTo(301);
        assertThat(answer.headers().get("Strict-Transport-Security")).isEqualTo("max-age=63072000");
    }

    private static HttpMiddleware recorder(String name, List<String> seen, boolean answers) {
        return new HttpMiddleware() {
            @Override
            public java.util.Optional<FullHttpResponse> onRequest(RequestContext context) {
                seen.add(name + ".request");
                return answers
                        ? java.util.Optional.of(DirectResponses.empty(context.request(), HttpResponseStatus.NO_CONTENT))
                        : java.util.Optional.empty();
            }

            @Override
            public void onResponse(RequestContext context, HttpResponse response) {
                seen.add(name + ".response");
                response.headers().set("X-" + Character.toUpperCase(name.charAt(0)) + name.substring(1), "seen");
            }
        };
    }
}
