package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.config.dynamic.DynamicConfig;
import io.swarmedge.config.dynamic.RouterTls;
import io.swarmedge.config.staticconfig.EntryPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code http.redirections.entryPoint}: every request on web is redirected to another scheme and port. */
class EntryPointRedirectIT {
    private static EntryPoint ep(String name, int port, EntryPoint.Redirection redirection) {
        return new EntryPoint(
                name,
                "127.0.0.1",
                port,
                redirection,
                List.of(),
                RouterTls.NONE,
                EntryPoint.ForwardedHeaders.NONE,
                EntryPoint.RespondingTimeouts.DEFAULT,
                EntryPoint.LifeCycle.DEFAULT,
                EntryPoint.Limits.DEFAULT);
    }

    @Test
    void redirectsToTheTargetSchemeAndPort() throws Exception {
        EntryPoint web = ep("web", 0, new EntryPoint.Redirection(true, ":8443", "https", true, Integer.MAX_VALUE - 1));
        try (ProxyServer proxy = ProxyServer.start(staticConfig(web), TestConfigs.RULES, TestConfigs.MIDDLEWARES)) {
            proxy.apply(DynamicConfig.EMPTY);
            try (RawHttp http = new RawHttp(proxy.port("web"))) {
                RawHttp.Response get = http.get("/a/b?c=d", "site.test:8000");
                assertThat(get.status()).isEqualTo(301);
                assertThat(get.header("Location")).isEqualTo("https://site.test:8443/a/b?c=d");
                http.send("POST /form HTTP/1.1\r\nHost: site.test\r\nContent-Length: 0\r\n\r\n");
                assertThat(http.read(false).status()).isEqualTo(308);
            }
        }
    }
}
