package io.swarmedge.socketproxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The container health check: {@code GET /_ping} through the proxy itself, which proves the listener, the policy
 * (PING is on by default in both profiles) and the daemon's socket in one request. Blocking; for the CLI.
 */
public final class HealthProbe {
    private HealthProbe() {}

    /** Empty when healthy, otherwise what is wrong. */
    public static Optional<String> check(InetSocketAddress proxy, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(proxy, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream()
                    .write("GET /_ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            if (answer.startsWith("HTTP/1.1 200") && answer.endsWith("OK")) {
                return Optional.empty();
            }
            String statusLine = answer.lines().findFirst().orElse("(no answer)");
            String rule = answer.lines()
                    .filter(l -> l.regionMatches(true, 0, "X-Swarmedge-Rule:", 0, 17))
                    .findFirst()
                    .map(l -> " (" + l.strip() + ")")
                    .orElse("");
            return Optional.of("GET /_ping via " + proxy + " answered \"" + statusLine + "\"" + rule);
        } catch (IOException e) {
            return Optional.of("GET /_ping via " + proxy + " failed: " + e.getMessage());
        }
    }
}
