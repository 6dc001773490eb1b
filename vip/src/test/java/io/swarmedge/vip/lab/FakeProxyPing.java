package io.swarmedge.vip.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for a node's swarmedge proxy: {@code /ping} on 127.0.0.1:8080 inside the node's
 * namespace, answering 200 (serving), 503 (no configuration yet, or draining), or not listening.
 */
final class FakeProxyPing implements AutoCloseable {
    static final int PORT = 8080;

    private final String netns;
    private volatile int status;
    private HttpServer server;

    private FakeProxyPing(String netns, int status) {
        this.netns = netns;
        this.status = status;
    }

    /** A proxy in {@code netns} answering {@code status} from the start. */
    static FakeProxyPing answering(String netns, int status) throws IOException {
        FakeProxyPing p = new FakeProxyPing(netns, status);
        p.listen();
        return p;
    }

    /** A proxy in {@code netns} that does not listen yet (connections refused). */
    static FakeProxyPing notListening(String netns) {
        return new FakeProxyPing(netns, 200);
    }

    void answer(int newStatus) {
        status = newStatus;
    }

    /** Starts listening again (no-op when it listens), answering the current status. */
    synchronized void listen() throws IOException {
        if (server != null) {
            return;
        }
        CompletableFuture<HttpServer> bound = new CompletableFuture<>();
        // The listening socket is created in the namespace; its accept loop may run anywhere.
        NetnsThreads.start(netns, "fake-proxy-bind", () -> {
            try {
                bound.complete(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 64));
            } catch (IOException | RuntimeException e) {
                bound.completeExceptionally(e);
            }
        });
        try {
            server = bound.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("fake proxy in " + netns + " did not bind", e);
        }
        server.createContext("/ping", e -> {
            int s = status;
            byte[] body =
                    (s == 200 ? "OK" : "Service Unavailable").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            e.sendResponseHeaders(s, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.start();
    }

    /** Stops listening: the vip's check sees connections refused. */
    synchronized void stopListening() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stopListening();
    }
}
