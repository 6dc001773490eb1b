package io.swarmedge.cli.downtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One worker's HTTP/1.1 client on a plain blocking socket (run it on a virtual thread). In
 * {@link ConnectionMode#NEW} every request opens a connection and sends {@code Connection: close};
 * in {@link ConnectionMode#KEEP_ALIVE} the connection is reused while the server keeps it open.
 *
 * <p>A plain socket rather than the JDK's HttpClient: it must open exactly one connection per
 * request when told to, send any {@code Host} header, and tell a refused connect from a reset.
 * Like browsers and Go's client, a GET that fails on a reused connection before any byte of the
 * answer (the server closed an idle connection at the same moment) is retried once on a new one;
 * {@link Exchange#retriedStale()} counts those.
 */
final class HttpProbe implements AutoCloseable {
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final long MAX_BODY_BYTES = 64L * 1024 * 1024;
    private static final int MAX_LINE = 16 * 1024;

    /** The result of one request. */
    record Exchange(Outcome outcome, boolean retriedStale) {}

    private final InetSocketAddress address;
    private final DowntimeOptions options;
    private final ConnectionMode mode;
    private final LongSupplier nanoTime;
    private Socket socket;
    private InputStream in;
    private boolean reused;

    HttpProbe(InetSocketAddress address, DowntimeOptions options, ConnectionMode mode, LongSupplier nanoTime) {
        this.address = address;
        this.options = options;
        this.mode = mode;
        this.nanoTime = nanoTime;
    }

    /** Sends one request and reads the complete answer, within the options' timeout. */
    Exchange send(String method, long sequence) {
        long deadline = nanoTime.getAsLong() + options.timeout().toNanos();
        try {
            return new Exchange(exchange(method, sequence, deadline), false);
        } catch (StaleConnectionException stale) {
            closeConnection();
            if (!method.equals("GET")) {
                return new Exchange(FailureClassifier.classify(stale.cause), false);
            }
            try {
                return new Exchange(exchange(method, sequence, deadline), true);
            } catch (StaleConnectionException again) {
                closeConnection();
                return new Exchange(FailureClassifier.classify(again.cause), true);
            } catch (IOException e) {
                closeConnection();
                return new Exchange(FailureClassifier.classify(e), true);
            }
        } catch (IOException e) {
            closeConnection();
            return new Exchange(FailureClassifier.classify(e), false);
        }
    }

    private Outcome exchange(String method, long sequence, long deadline) throws IOException {
        boolean wasReused = ensureConnected(deadline);
        String statusLine;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request(method, sequence));
            out.flush();
            statusLine = readLine(deadline, true);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // Nothing of an answer arrived: on a reused connection the server may have closed it as idle.
            throw wasReused ? new StaleConnectionException(e) : e;
        }
        Response response = readResponse(statusLine, deadline);
        if (mode == ConnectionMode.KEEP_ALIVE && response.reusable()) {
            reused = true;
        } else {
            closeConnection();
        }
        return Outcome.ofStatus(response.status());
    }

    /** Connects unless a kept-alive connection is open; returns whether the connection is a reused one. */
    private boolean ensureConnected(long deadline) throws IOException {
        if (socket != null && !socket.isClosed()) {
            return reused;
        }
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.connect(address, remainingMillis(deadline));
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
        in = new BufferedInputStream(fresh.getInputStream(), 16 * 1024);
        reused = false;
        return false;
    }

    private byte[] request(String method, long sequence) {
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(options.requestTarget())
                .append(" HTTP/1.1\r\nHost: ")
                .append(options.host())
                .append("\r\nUser-Agent: swarmedge-downtime\r\nAccept: */*\r\n");
        if (mode == ConnectionMode.NEW) {
            head.append("Connection: close\r\n");
        }
        if (method.equals("POST")) {
            String body = "{\"downtime\":" + sequence + "}";
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length())
                    .append("\r\n\r\n")
                    .append(body);
        } else {
            head.append("\r\n");
        }
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private record Response(int status, boolean reusable) {}

    /** A reused connection that failed before answering: the server may have closed it as idle. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient IOException cause;

        StaleConnectionException(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private Response readResponse(String firstStatusLine, long deadline) throws IOException {
        String statusLine = firstStatusLine;
        while (true) {
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new ProtocolException("not an HTTP/1.x answer: \"" + printable(statusLine) + "\"");
            }
            boolean http11 = parts[0].equals("HTTP/1.1");
            int status = Integer.parseInt(parts[1]);
            Headers headers = readHeaders(deadline);
            if (status >= 100 && status < 200) {
                // 1xx answers (100 Continue) precede the real one.
                statusLine = readLine(deadline, false);
                continue;
            }
            boolean close = headers.connectionClose || !http11;
            if (headers.chunked) {
                readChunked(deadline);
                return new Response(status, !close);
            }
            if (headers.contentLength >= 0) {
                skip(headers.contentLength, deadline);
                return new Response(status, !close);
            }
            if (status == 204 || status == 304) {
                return new Response(status, !close);
            }
            // No framing: the body runs until the server closes the connection.
            skipToEnd(deadline);
            return new Response(status, false);
        }
    }

    private static final class Headers {
        long contentLength = -1;
        boolean chunked;
        boolean connectionClose;
    }

    private Headers readHeaders(long deadline) throws IOException {
        Headers headers = new Headers();
        int total = 0;
        for (String line = readLine(deadline, false); !line.isEmpty(); line = readLine(deadline, false)) {
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new ProtocolException("answer headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header line \"" + printable(line) + "\"");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> {
                    try {
                        headers.contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new ProtocolException("bad Content-Length \"" + printable(value) + "\"");
                    }
                    if (headers.contentLength < 0 || headers.contentLength > MAX_BODY_BYTES) {
                        throw new ProtocolException("Content-Length " + value + " outside 0.." + MAX_BODY_BYTES);
                    }
                }
                case "transfer-encoding" ->
                    headers.chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "connection" ->
                    headers.connectionClose |= value.toLowerCase(Locale.ROOT).contains("close");
                default -> {}
            }
        }
        return headers;
    }

    private void readChunked(long deadline) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = readLine(deadline, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad chunk size \"" + printable(sizeLine) + "\"");
            }
            total += size;
            if (size < 0 || total > MAX_BODY_BYTES) {
                throw new ProtocolException("chunked body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            if (size == 0) {
                // Trailers end with an empty line.
                while (!readLine(deadline, false).isEmpty()) {}
                return;
            }
            skip(size, deadline);
            if (!readLine(deadline, false).isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
        }
    }

    private void skip(long bytes, long deadline) throws IOException {
        long left = bytes;
        while (left > 0) {
            socket.setSoTimeout(remainingMillis(deadline));
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() == -1) {
                    throw new EOFException(
                            "connection closed " + (bytes - left) + " bytes into a " + bytes + "-byte body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void skipToEnd(long deadline) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buffer);
            if (n == -1) {
                return;
            }
            total += n;
            if (total > MAX_BODY_BYTES) {
                throw new ProtocolException("body exceeds " + MAX_BODY_BYTES + " bytes");
            }
        }
    }

    private String readLine(long deadline, boolean first) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int c = in.read();
            if (c == -1) {
                throw new EOFException(
                        first && line.isEmpty()
                                ? "connection closed without an answer"
                                : "connection closed mid-answer");
            }
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new ProtocolException("answer line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) c);
        }
    }

    private int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            throw new SocketTimeoutException(
                    "no complete answer within " + options.timeout().toMillis() + " ms");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private void closeConnection() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken connection: nothing left to learn from it.
            }
            socket = null;
            in = null;
            reused = false;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
