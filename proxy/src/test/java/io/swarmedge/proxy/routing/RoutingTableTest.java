package io.swarmedge.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.swarmedge.config.dynamic.RuleSyntax;
import io.swarmedge.config.rule.RuleParser;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static Route route(String name, String rule, int priority) {
        Route r = new Route(name, RuleParser.parse(rule, RuleSyntax.V3), 0, List.of(), null);
        return new Route(name, r.rule(), priority != 0 ? priority : rule.length(), List.of(), null);
    }

    private static Optional<String> match(RoutingTable table, String host, String path) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set("Host", host);
        return table.match(new RequestHead(request, new InetSocketAddress("127.0.0.1", 1234)))
                .map(Route::name);
    }

    @Test
    void longerRuleWinsByDefaultAndExplicitPriorityOverrides() {
        RoutingTable table = RoutingTable.of(List.of(
                route("host", "Host(`a.test`)", 0),
                route("hostpath", "Host(`a.test`) && PathPrefix(`/api`)", 0),
                route("catchall", "PathPrefix(`/`)", 1),
                route("forced", "PathPrefix(`/forced`)", 10_000)));
        assertThat(match(table, "a.test", "/api/x")).contains("hostpath");
        assertThat(match(table, "a.test", "/other")).contains("host");
        assertThat(match(table, "b.test", "/other")).contains("catchall");
        assertThat(match(table, "a.test", "/forced")).contains("forced");
    }

    @Test
    void equalPrioritiesAreOrderedByName() {
        List<Route> routes =
                new ArrayList<>(List.of(route("zeta", "PathPrefix(`/x`)", 5), route("alpha", "PathPrefix(`/`)", 5)));
        assertThat(match(RoutingTable.of(routes), "a", "/x")).contains("alpha");
    }

    @Test
    void hostIndexMergesHostFreeRoutesInPriorityOrder() {
        RoutingTable table = RoutingTable.of(List.of(
                route("a", "Host(`a.test`) || Host(`b.test`)", 20),
                route("free-high", "Path(`/p`)", 100),
                route("free-low", "PathPrefix(`/`)", 0)));
        assertThat(match(table, "b.test", "/p")).contains("free-high");
        assertThat(match(table, "B.Test:8080", "/q")).contains("a");
        assertThat(match(table, "c.test", "/q")).contains("free-low");
        assertThat(match(RoutingTable.of(List.of(route("a", "Host(`a.test`)", 0))), "c.test", "/"))
                .isEmpty();
    }

    @Test
    void requestHeadDecodesPathsAndStripsPorts() {
        assertThat(RequestHead.pathOf("/a%20b?x=1")).isEqualTo("/a b");
        assertThat(RequestHead.pathOf("http://h:1/p/q?z")).isEqualTo("/p/q");
        assertThat(RequestHead.pathOf("http://h:1")).isEqualTo("/");
        assertThat(RequestHead.stripPort("Example.COM:80")).isEqualTo("example.com");
        assertThat(RequestHead.stripPort("[::1]:80")).isEqualTo("::1");
    }
}
