package io.swarmedge.cli.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One plain HTTP/1.1 GET with a chosen {@code Host} header on a new connection, reading the whole
 * answer: which whoami task answered ({@code Hostname:}), the status, and the {@code Location}.
 */
final class HostProbe {
    private static final int MAX_ANSWER = 256 * 1024;

    /** The answer, or why there was none ({@code status} 0). */
    record Answer(int status, String head, String body, String failure) {
        /** The {@code Hostname:} line of a whoami answer. */
        Optional<String> hostname() {
            return body.lines()
                    .filter(l -> l.startsWith("Hostname: "))
                    .map(l -> l.substring("Hostname: ".length()).strip())
                    .findFirst();
        }

        /** A header of the answer, by case-insensitive name. */
        Optional<String> header(String name) {
            String wanted = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(wanted))
                    .map(l -> l.substring(wanted.length()).strip())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status == 0 ? "no answer (" + failure + ")" : "HTTP " + status;
        }
    }

    private final InetSocketAddress address;
    private final Duration timeout;

    HostProbe(int port, Duration timeout) {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.timeout = timeout;
    }

    Answer get(String host, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host
                                    + "\r\nUser-Agent: swarmedge-e2e\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            int split = answer.indexOf("\r\n\r\n");
            String head = split < 0 ? answer : answer.substring(0, split);
            String body = split < 0 ? "" : answer.substring(split + 4);
            String[] status = head.split(" ", 3);
            if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("\\d{3}")) {
                return new Answer(
                        0,
                        head,
                        body,
                        "not an HTTP answer: " + head.lines().findFirst().orElse(""));
            }
            return new Answer(Integer.parseInt(status[1]), head, body, "");
        } catch (IOException e) {
            return new Answer(0, "", "", e.toString());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            bytes.write(buffer, 0, n);
            if (bytes.size() > MAX_ANSWER) {
                break;
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
