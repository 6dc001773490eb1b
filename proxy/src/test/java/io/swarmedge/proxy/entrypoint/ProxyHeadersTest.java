package io.swarmedge.proxy.entrypoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {
    @Test
    void removesHopByHopAndConnectionListedHeaders() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("Connection", "close, X-Private")
                .add("X-Private", "1")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Proxy-Connection", "keep-alive")
                .add("Upgrade", "websocket")
                .add("X-Kept", "yes");
        ProxyHeaders.removeHopByHop(h, false);
        assertThat(h.names()).containsExactly("X-Kept");
    }

    @Test
    void keepsUpgradeWhenTunnelling() {
        HttpHeaders h = new DefaultHttpHeaders().add("Connection", "Upgrade").add("Upgrade", "websocket");
        ProxyHeaders.removeHopByHop(h, true);
        assertThat(h.get("Connection")).isEqualToIgnoringCase("upgrade");
        assertThat(h.get("Upgrade")).isEqualTo("websocket");
    }

    @Test
    void untrustedClientsCannotForgeForwardedHeaders() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "1.2.3.4")
                .add("X-Forwarded-Host", "evil")
                .add("X-Real-Ip", "1.2.3.4");
        ProxyHeaders.setForwarded(h, "10.0.0.9", false, "http", "site.test", "proxy1");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("10.0.0.9");
        assertThat(h.get("X-Forwarded-Host")).isEqualTo("site.test");
        assertThat(h.get("X-Forwarded-Port")).isEqualTo("80");
        assertThat(h.get("X-Forwarded-Server")).isEqualTo("proxy1");
        assertThat(h.get("X-Real-Ip")).isEqualTo("10.0.0.9");
    }

    @Test
    void trustedPeersKeepTheirsAndXffIsAppended() {
        HttpHeaders h = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "1.2.3.4")
                .add("X-Forwarded-Proto", "https")
                .add("X-Forwarded-Host", "site.test:8443");
        ProxyHeaders.setForwarded(h, "10.0.0.9", true, "http", "ignored", "proxy1");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("1.2.3.4, 10.0.0.9");
        assertThat(h.get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(h.get("X-Forwarded-Port")).isEqualTo("8443");
    }

    @Test
    void trustedNetworksMatchCidrs() throws Exception {
        TrustedNetworks t = TrustedNetworks.of(List.of("10.0.0.0/8", "192.168.1.7"), false);
        assertThat(t.trusts(InetAddress.getByName("10.200.1.1"))).isTrue();
        assertThat(t.trusts(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(t.trusts(InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThat(TrustedNetworks.of(List.of(), true).trusts(InetAddress.getByName("8.8.8.8")))
                .isTrue();
    }
}
