package io.swarmedge.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on loopback relayed to the engine's unix socket, which a test can take down and bring
 * back on the same port: a stand-in for a socket proxy that restarts.
 */
final class UnixSocketRelay implements AutoCloseable {
    private final Path socket;
    private final int port;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    private UnixSocketRelay(Path socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    /** Starts relaying on a free loopback port. */
    static UnixSocketRelay start(Path socket) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        UnixSocketRelay relay = new UnixSocketRelay(socket, port);
        relay.up();
        return relay;
    }

    int port() {
        return port;
    }

    /** Listens again (after {@link #down()}). */
    synchronized void up() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread.ofVirtual().start(() -> accept(s));
    }

    /** Stops listening and cuts every relayed connection, as a dying process would. */
    synchronized void down() {
        closeQuietly(server);
        open.forEach(UnixSocketRelay::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        down();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(socket));
                open.add(client);
                open.add(engine);
                pump(client.getInputStream(), Channels.newOutputStream(engine));
                pump(Channels.newInputStream(engine), client.getOutputStream());
            } catch (IOException e) {
                return; // closed by down()
            }
        }
    }

    private void pump(InputStream from, OutputStream to) {
        Thread.ofVirtual().start(() -> {
            try {
                from.transferTo(to);
            } catch (IOException e) {
                // one side went away: the other is closed by down() or by its peer
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // closing
        }
    }
}
