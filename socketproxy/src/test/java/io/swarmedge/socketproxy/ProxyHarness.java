package io.swarmedge.socketproxy;

import io.swarmedge.socketproxy.policy.EdgePolicy;
import io.swarmedge.socketproxy.policy.Policy;
import io.swarmedge.socketproxy.policy.TecnativaPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** A proxy on 127.0.0.1:0 in front of a {@link FakeDaemon}. */
final class ProxyHarness implements AutoCloseable {
    final SocketProxyServer proxy;

    ProxyHarness(Path socket, Policy policy) throws InterruptedException {
        this(socket, policy, Duration.ofSeconds(60), 100);
    }

    ProxyHarness(Path socket, Policy policy, Duration idleTimeout, int maxConnections) throws InterruptedException {
        this(socket, policy, idleTimeout, maxConnections, Duration.ofSeconds(3));
    }

    ProxyHarness(Path socket, Policy policy, Duration idleTimeout, int maxConnections, Duration shutdownGrace) {
        this.proxy = SocketProxyServer.start(new SocketProxySettings(
                ListenAddress.parse("127.0.0.1:0"),
                true,
                socket,
                policy,
                idleTimeout,
                Duration.ofSeconds(10),
                shutdownGrace,
                maxConnections));
    }

    /** {@code tecnativa VAR=VALUE ...} or {@code edge}. */
    static Policy policy(String profile) {
        String[] words = profile.strip().split("\\s+");
        if (words[0].equals("edge")) {
            return new EdgePolicy(EdgePolicy.DEFAULT_STORE_PREFIX);
        }
        Map<String, String> env = new HashMap<>();
        Arrays.stream(words)
                .skip(1)
                .forEach(w -> env.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1)));
        return TecnativaPolicy.fromEnvironment(env);
    }

    InetSocketAddress address() {
        return proxy.address();
    }

    RawClient client() throws IOException {
        return new RawClient(address());
    }

    @Override
    public void close() {
        proxy.close();
    }
}
