package io.swarmedge.proxy;

import static io.swarmedge.proxy.TestConfigs.config;
import static io.swarmedge.proxy.TestConfigs.entryPoint;
import static io.swarmedge.proxy.TestConfigs.lb;
import static io.swarmedge.proxy.TestConfigs.router;
import static io.swarmedge.proxy.TestConfigs.staticConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A non-WebSocket {@code Upgrade} whose server speaks first: the bytes it sends in the same segment
 * as its 101 reach the client, and the connection then relays raw bytes both ways.
 */
class UpgradeTunnelIT {
    @Test
    void serverFirstProtocolAfter101IsRelayedRaw() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = upstream.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\nHELLO")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    byte[] buf = new byte[4];
                    int n = in.readNBytes(buf, 0, 4);
                    out.write(buf, 0, n);
                    out.flush();
                    in.read(); // until the client closes
                } catch (Exception e) {
                    // the test fails on the client side
                }
            });
            URI backend = URI.create("http://127.0.0.1:" + upstream.getLocalPort());
            try (ProxyServer proxy =
                    ProxyServer.start(staticConfig(entryPoint("web")), TestConfigs.RULES, TestConfigs.MIDDLEWARES)) {
                proxy.apply(config(
                        Map.of("raw@file", router("PathPrefix(`/`)", "raw@file")), Map.of("raw@file", lb(backend))));
                try (RawHttp http = new RawHttp(proxy.port("web"))) {
                    http.send("GET /raw HTTP/1.1\r\nHost: raw.test\r\nConnection: Upgrade\r\nUpgrade: raw\r\n\r\n");
                    RawHttp.Response switched = http.read(true);
                    assertThat(switched.status()).isEqualTo(101);
                    assertThat(switched.header("Upgrade")).isEqualTo("raw");
                    assertThat(new String(http.in.readNBytes(5), StandardCharsets.US_ASCII))
                            .isEqualTo("HELLO");
                    http.send("ping");
                    assertThat(new String(http.in.readNBytes(4), StandardCharsets.US_ASCII))
                            .isEqualTo("ping");
                }
            }
            server.join(10_000);
        }
    }
}
