package io.swarmedge.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 GET whose answer is a never-ending stream ({@code /events}), on its own connection.
 * Written here rather than taken from the HTTP client library because closing must be immediate:
 * pooled clients drain a chunked body to its end on close, and an events stream has no end.
 */
final class EventConnection implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_ERROR_BODY = 4096;

    private final AutoCloseable socket;
    private final InputStream body;

    private EventConnection(AutoCloseable socket, InputStream body) {
        this.socket = socket;
        this.body = body;
    }

    /**
     * Connects to {@code endpoint}, sends {@code GET path} and reads the answer's head.
     *
     * @throws DockerApiException when the endpoint cannot be reached or answers other than 200
     */
    static EventConnection open(DockerEndpoint endpoint, String path, Duration connectTimeout) {
        String where = "GET " + endpoint + path;
        AutoCloseable socket = null;
        try {
            InputStream in;
            OutputStream out;
            if (endpoint.uri().getScheme().equals("unix")) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                socket = channel;
                channel.connect(UnixDomainSocketAddress.of(endpoint.uri().getPath()));
                in = Channels.newInputStream(channel);
                out = Channels.newOutputStream(channel);
            } else {
                Socket tcp = new Socket();
                socket = tcp;
                tcp.setKeepAlive(true); // an idle stream: let TCP notice a vanished peer
                tcp.connect(
                        new InetSocketAddress(
                                endpoint.uri().getHost(), endpoint.uri().getPort()),
                        Math.toIntExact(connectTimeout.toMillis()));
                in = tcp.getInputStream();
                out = tcp.getOutputStream();
            }
            out.write(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: swarmedge\r\n"
                            + "Accept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream buffered = new BufferedInputStream(in, 8192);
            Head head = Head.read(buffered);
            InputStream body = head.chunked ? new ChunkedBody(buffered) : buffered;
            if (head.status != 200) {
                byte[] text = body.readNBytes(
                        head.chunked || head.contentLength < 0
                                ? MAX_ERROR_BODY
                                : (int) Math.min(head.contentLength, MAX_ERROR_BODY));
                throw new DockerApiException(
                        where + ": HTTP " + head.status + " " + new String(text, StandardCharsets.UTF_8).strip(),
                        head.status,
                        null);
            }
            return new EventConnection(socket, body);
        } catch (DockerApiException e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw new DockerApiException(where + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), 0, e);
        }
    }

    /** The decoded body: newline-separated JSON events. */
    InputStream body() {
        return body;
    }

    /** Closes the connection at once; a read blocked in another thread fails. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a connection that is going away anyway
        }
    }

    /** Status and the two headers that decide how to read the body. */
    private record Head(int status, boolean chunked, long contentLength) {
        static Head read(InputStream in) throws IOException {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP/1.x answer: \"" + statusLine + "\"");
            }
            boolean chunked = false;
            long length = -1;
            int total = statusLine.length();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                total += header.length();
                if (total > MAX_HEAD_BYTES) {
                    throw new IOException("answer head larger than " + MAX_HEAD_BYTES + " bytes");
                }
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).strip();
                if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equals("content-length") && value.matches("\\d{1,18}")) {
                    length = Long.parseLong(value);
                }
            }
            return new Head(Integer.parseInt(parts[1]), chunked, length);
        }
    }

    /** A CRLF- (or LF-) terminated line, at most {@link #MAX_HEAD_BYTES} long. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed");
            }
            if (line.size() >= MAX_HEAD_BYTES) {
                throw new IOException("line longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Decodes {@code Transfer-Encoding: chunked}; ends at the last (empty) chunk. */
    static final class ChunkedBody extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean done;

        ChunkedBody(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String size = line(in);
                int semicolon = size.indexOf(';'); // chunk extensions
                String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).strip();
                if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                    throw new IOException("bad chunk size \"" + size + "\"");
                }
                remaining = Long.parseLong(hex, 16);
                if (remaining == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n == -1) {
                throw new IOException("connection closed inside a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                String end = line(in);
                if (!end.isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
            return n;
        }
    }
}
