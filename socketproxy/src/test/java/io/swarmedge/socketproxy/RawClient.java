package io.swarmedge.socketproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain-socket HTTP/1.1 client for tests: sends exact bytes and reads responses one by one. */
final class RawClient implements AutoCloseable {
    /** One response; {@code body} is de-chunked. */
    record Response(int status, Map<String, String> headers, String body, String rawHead) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;
    private final InputStream in;

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    byte[] readExactly(int n) throws IOException {
        byte[] out = in.readNBytes(n);
        if (out.length != n) {
            throw new IOException("connection closed after " + out.length + " of " + n + " bytes");
        }
        return out;
    }

    /** Reads the head of a response, then its body unless it is a 101 or a HEAD answer. */
    Response read(boolean head) throws IOException {
        String statusLine = readLine();
        StringBuilder rawHead = new StringBuilder(statusLine).append("\r\n");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            rawHead.append(line).append("\r\n");
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        if (status == 101 || head || status == 204 || status == 304) {
            return new Response(status, headers, "", rawHead.toString());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(readLine().strip(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                body.writeBytes(readExactly(size));
                readLine();
            }
        } else if (headers.containsKey("content-length")) {
            body.writeBytes(readExactly(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.writeBytes(in.readAllBytes());
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8), rawHead.toString());
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection (EOF) within the socket timeout. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
