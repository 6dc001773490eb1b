package io.swarmedge.socketproxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The proxy as its own process, wired like the CLI (a shutdown hook closes it), so that tests can send a real
 * SIGTERM. Arguments: socket path, then a profile as in {@link ProxyHarness#policy}. Prints {@code port=N}.
 */
public final class ProxyMain {
    private ProxyMain() {}

    public static void main(String[] args) throws Exception {
        var server = SocketProxyServer.start(new SocketProxySettings(
                ListenAddress.parse("127.0.0.1:0"),
                true,
                Path.of(args[0]),
                ProxyHarness.policy(args[1]),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                SocketProxySettings.DEFAULT_MAX_CONNECTIONS));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("port=" + server.address().getPort());
        System.out.flush();
        server.awaitClose();
        stopped.await();
    }
}
