package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.dynamic.LoadBalancerService;
import io.swarmedge.config.dynamic.Middleware;
import io.swarmedge.config.dynamic.Router;
import io.swarmedge.config.dynamic.ServersTransport;
import io.swarmedge.config.dynamic.Service;
import io.swarmedge.config.dynamic.StickyCookie;
import io.swarmedge.config.staticconfig.EntryPoint;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forwarding semantics through a real proxy on loopback with in-process whoami backends. */
class ProxyForwardingIT {
    static WhoamiServer a;
    static WhoamiServer b;
    static WhoamiServer c;
    static ProxyServer proxy;
    static ProxyServer trustingProxy;
    static int port;
    static URI closedPort;

    @BeforeAll
    static void start() throws Exception {
        a = WhoamiServer.start(WhoamiOptions.loopback().withName("a"));
        b = WhoamiServer.start(WhoamiOptions.loopback().withName("b"));
        c = WhoamiServer.start(WhoamiOptions.loopback().withName("c"));
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        EntryPoint web = entryPoint("web");
        proxy = ProxyServer.start(staticConfig(web), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        LoadBalancerService noHost = new LoadBalancerService(
                List.of(new io.swarmedge.config.dynamic.Server(c.uri(), 1, false)),
                LoadBalancerService.Strategy.WRR,
                false,
                io.swarmedge.config.dynamic.HealthCheck.NONE,
                StickyCookie.NONE,
                Duration.ofMillis(100),
                "");
        LoadBalancerService slow = new LoadBalancerService(
                List.of(new io.swarmedge.config.dynamic.Server(a.uri(), 1, false)),
                LoadBalancerService.Strategy.WRR,
                true,
                io.swarmedge.config.dynamic.HealthCheck.NONE,
                StickyCookie.NONE,
                Duration.ofMillis(100),
                "short@file");
        Map<String, Router> routers = Map.of(
                "a@file", router("Host(`a.test`)", "a@file"),
                "b@file", router("Host(`a.test`) && PathPrefix(`/b`)", "b@file"),
                "c@file", router("PathPrefix(`/`)", 1, "c@file"),
                "top@file", router("PathPrefix(`/top`)", 1000, "b@file"),
                "nohost@file", router("Host(`nohost.test`)", "nohost@file"),
                "down@file", router("Host(`down.test`)", "down@file"),
                "empty@file", router("Host(`empty.test`)", "empty@file"),
                "slow@file", router("Host(`slow.test`)", "slow@file"),
                "mw@file", router("Host(`mw.test`)", "a@file", "tag@file", "prefix@file"));
        Map<String, Service> services = Map.of(
                "a@file", lb(a.uri()),
                "b@file", lb(b.uri()),
                "c@file", lb(c.uri()),
                "nohost@file", noHost,
                "down@file", lb(closedPort),
                "empty@file", lb(),
                "slow@file", slow);
        Map<String, Middleware> middlewares = Map.of(
                "tag@file",
                new Middleware.Headers(
                        Map.of("X-Tag", "tagged"),
                        Map.of("X-Out", "yes"),
                        false,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        0,
                        false,
                        List.of(),
                        List.of(),
                        0,
                        false,
                        false,
                        false,
                        false,
                        "",
                        false,
                        false,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        false),
                "prefix@file",
                new Middleware.AddPrefix("/pre"));
        Map<String, ServersTransport> transports = Map.of(
                "short@file",
                new ServersTransport(
                        "",
                        false,
                        List.of(),
                        10,
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(90)));
        proxy.apply(config(routers, services, middlewares, transports));
        port = proxy.port("web");

        EntryPoint trusting = entryPoint(
                "web",
                EntryPoint.RespondingTimeouts.DEFAULT,
                EntryPoint.Limits.DEFAULT,
                EntryPoint.LifeCycle.DEFAULT,
                new EntryPoint.ForwardedHeaders(List.of("127.0.0.0/8"), false));
        trustingProxy = ProxyServer.start(staticConfig(trusting), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        trustingProxy.apply(
                config(Map.of("a@file", router("PathPrefix(`/`)", "a@file")), Map.of("a@file", lb(a.uri()))));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        trustingProxy.close();
        a.close();
        b.close();
        c.close();
    }

    @Test
    void routesByHostThenLongestRuleThenExplicitPriority() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            assertThat(http.get("/", "a.test").text()).contains("Hostname: a");
            assertThat(http.get("/b/x", "a.test").text()).contains("Hostname: b");
            assertThat(http.get("/b/x", "other.test").text()).contains("Hostname: c");
            assertThat(http.get("/top", "a.test").text()).contains("Hostname: b");
            assertThat(http.get("/x", "A.TEST:80").text()).contains("Hostname: a");
        }
    }

    @Test
    void unknownHostWithoutCatchAllIs404WithTraefikBody() throws Exception {
        ProxyServer bare =
                ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES);
        try (RawHttp http = new RawHttp(bare.port("web"))) {
            RawHttp.Response r = http.get("/", "nobody.test");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).isEqualTo("404 page not found\n");
        } finally {
            bare.close();
        }
    }

    @Test
    void setsForwardedHeadersAndDropsHopByHopOnes() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /h HTTP/1.1\r\nHost: a.test:8000\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\n"
                    + "Proxy-Authorization: Basic eA==\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                    + "X-Forwarded-For: 6.6.6.6\r\nX-Real-Ip: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n\r\n");
            String seen = http.read(false).text();
            assertThat(seen)
                    .contains("X-Forwarded-For: 127.0.0.1\n")
                    .contains("X-Real-Ip: 127.0.0.1\n")
                    .contains("X-Forwarded-Proto: http\n")
                    .contains("X-Forwarded-Host: a.test:8000\n")
                    .contains("X-Forwarded-Port: 8000\n")
                    .contains("X-Forwarded-Server: ")
                    .contains("Host: a.test:8000\n")
                    .doesNotContain("6.6.6.6")
                    .doesNotContainIgnoringCase("x-secret")
                    .doesNotContainIgnoringCase("proxy-authorization")
                    .doesNotContainIgnoringCase("keep-alive:")
                    .doesNotContainIgnoringCase("\nte:");
        }
    }

    @Test
    void keepsForwardedHeadersOfTrustedPeersAndAppendsToXff() throws Exception {
        try (RawHttp http = new RawHttp(trustingProxy.port("web"))) {
            http.send(
                    "GET / HTTP/1.1\r\nHost: x.test\r\nX-Forwarded-For: 10.1.1.1\r\nX-Forwarded-Proto: https\r\n\r\n");
            String seen = http.read(false).text();
            assertThat(seen)
                    .contains("X-Forwarded-For: 10.1.1.1, 127.0.0.1\n")
                    .contains("X-Forwarded-Proto: https\n")
                    .contains("X-Forwarded-Port: 443\n");
        }
    }

    @Test
    void passHostHeaderFalseSendsTheServerAuthority() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            assertThat(http.get("/", "nohost.test").text()).contains("Host: 127.0.0.1:" + c.port() + "\n");
        }
    }

    @Test
    void middlewaresRunInOrderOnRequestAndResponse() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Response r = http.get("/m", "mw.test");
            assertThat(r.text()).contains("GET /pre/m HTTP/1.1").contains("X-Tag: tagged");
            assertThat(r.header("X-Out")).isEqualTo("yes");
        }
    }

    @Test
    void errorStatuses() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            assertThat(http.get("/", "down.test").status()).isEqualTo(502);
            assertThat(http.get("/", "empty.test").status()).isEqualTo(503);
            assertThat(http.get("/slow?ms=3000", "slow.test").status()).isEqualTo(504);
            // The connection stays usable after each error.
            assertThat(http.get("/", "a.test").status()).isEqualTo(200);
        }
    }

    @Test
    void keepAliveBothSides() throws Exception {
        long before = b.acceptedConnections();
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 0; i < 20; i++) {
                RawHttp.Response r = http.get("/b/" + i, "a.test");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).contains("GET /b/" + i);
            }
        }
        assertThat(b.acceptedConnections() - before).isLessThanOrEqualTo(1);
    }

    @Test
    void headResponsesKeepTheirLengthWithoutABody() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("HEAD /data?size=1234 HTTP/1.1\r\nHost: a.test\r\n\r\n");
            RawHttp.Response head = http.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("1234");
            // The connection is still in sync: the next response is read correctly.
            assertThat(http.get("/after-head", "a.test").text()).contains("GET /after-head");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET /slow?ms=300 HTTP/1.1\r\nHost: a.test\r\n\r\n"
                    + "GET /second HTTP/1.1\r\nHost: a.test\r\n\r\n"
                    + "GET /b/third HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertThat(http.read(false).status()).isEqualTo(200);
            assertThat(http.read(false).text()).contains("GET /second");
            assertThat(http.read(false).text()).contains("Hostname: b").contains("GET /b/third");
        }
    }

    @Test
    void http10ClientGetsAnAnswerAndAClose() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("GET / HTTP/1.0\r\nHost: a.test\r\n\r\n");
            RawHttp.Response r = http.read(false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).contains("Hostname: a");
            assertThat(http.closedByPeer()).isTrue();
        }
    }

    @Test
    void chunkedUploadAndDownload() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /echo HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            RawHttp.Response r = http.read(false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello world");
            RawHttp.Response data = http.get("/data?size=100000", "a.test");
            assertThat(data.body()).hasSize(100000);
        }
    }

    @Test
    void expectContinueIsForwarded() throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            http.send("POST /echo HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = http.read(false);
            assertThat(interim.status()).isEqualTo(100);
            http.send("hello");
            RawHttp.Response r = http.read(false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello");
        }
    }

    @Test
    void webSocketThroughTheProxy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket ws = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            echoed.complete(text.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        ws.sendText("hello through swarmedge", true).get(10, TimeUnit.SECONDS);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello through swarmedge");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        // The plain HTTP path still works on fresh connections afterwards.
        try (RawHttp http = new RawHttp(port)) {
            assertThat(http.get("/", "a.test").status()).isEqualTo(200);
        }
        assertThat(StandardCharsets.UTF_8).isNotNull();
    }
}
