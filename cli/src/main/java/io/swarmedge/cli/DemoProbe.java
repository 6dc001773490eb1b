package io.swarmedge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One plain HTTP/1.1 request with a chosen {@code Host} header, as {@code curl -H 'Host: …'} sends
 * it (the JDK's HttpClient does not let the caller set {@code Host}).
 */
final class DemoProbe {
    /** The outcome of one probe: a status code, or why there was none. */
    sealed interface Outcome {
        record Answered(int status) implements Outcome {}

        record NoAnswer(String reason) implements Outcome {}
    }

    private static final int MAX_STATUS_LINE = 512;

    private final InetSocketAddress address;
    private final String host;
    private final Duration timeout;

    DemoProbe(InetSocketAddress address, String host, Duration timeout) {
        this.address = address;
        this.host = host;
        this.timeout = timeout;
    }

    Outcome probe() {
        int millis = Math.toIntExact(timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(address, millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: swarmedge-up\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = readLine(socket.getInputStream());
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
                return new Outcome.NoAnswer("not an HTTP answer: \"" + statusLine + "\"");
            }
            return new Outcome.Answered(Integer.parseInt(parts[1]));
        } catch (IOException e) {
            return new Outcome.NoAnswer(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n' && line.length() < MAX_STATUS_LINE; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
