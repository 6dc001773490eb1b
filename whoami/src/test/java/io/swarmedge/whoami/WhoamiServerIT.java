package io.swarmedge.whoami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whoami server over real loopback sockets, with the JDK's HTTP and WebSocket clients. */
class WhoamiServerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private WhoamiServer server;
    private HttpClient client;

    @BeforeEach
    void start() {
        server = WhoamiServer.start(WhoamiOptions.loopback().withName("alpha"));
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).timeout(TIMEOUT);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return client.send(request(pathAndQuery).build(), BodyHandlers.ofString());
    }

    @Test
    void answersWithItsNameAddressesAndTheRequestAsReceived() throws Exception {
        HttpResponse<String> response = client.send(
                request("/some/path?x=1").header("X-Test-Header", "Value 1").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .startsWith("Hostname: alpha\n")
                .contains("IP: 127.0.0.1\n")
                .containsPattern("RemoteAddr: 127\\.0\\.0\\.1:\\d+\n")
                .contains("GET /some/path?x=1 HTTP/1.1\n")
                .contains("X-Test-Header: Value 1\n")
                .containsPattern("(?i)host: 127\\.0\\.0\\.1:" + server.port() + "\n");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void reportsTheHostNameWhenNoNameIsGiven() throws Exception {
        try (WhoamiServer unnamed = WhoamiServer.start(WhoamiOptions.loopback())) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(unnamed.uri()).timeout(TIMEOUT).build(), BodyHandlers.ofString());
            assertThat(unnamed.name()).isNotBlank();
            assertThat(response.body()).startsWith("Hostname: " + unnamed.name() + "\n");
        }
    }

    @Test
    void keepsConnectionsAlive() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
        get("/health");
        assertThat(server.requestCount()).isEqualTo(6);
        assertThat(server.requestCount("/")).isEqualTo(5);
        assertThat(server.requestCount("/health")).isEqualTo(1);
        assertThat(server.requestCount("/never")).isZero();
        assertThat(server.acceptedConnections()).isEqualTo(1);
        assertThat(server.openConnections()).isEqualTo(1);
    }

    @Test
    void healthIsSettableAtRuntimeOverHttpAndThroughTheApi() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);

        HttpResponse<String> set = client.send(
                request("/health").POST(BodyPublishers.ofString("500")).build(), BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(500);
        assertThat(server.healthStatus()).isEqualTo(500);

        client.send(request("/health").POST(BodyPublishers.ofString("200\n")).build(), BodyHandlers.ofString());
        assertThat(get("/health").statusCode()).isEqualTo(200);

        server.setHealthStatus(503);
        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(server.uri()).isNotNull();
    }

    @Test
    void rejectsHealthBodiesThatAreNotAStatusCode() throws Exception {
        for (String body : new String[] {"abc", "99", "600", "", "2000000000000"}) {
            HttpResponse<String> response = client.send(
                    request("/health").POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).as("body %s", body).isEqualTo(400);
        }
        assertThat(server.healthStatus()).isEqualTo(200);
        assertThatThrownBy(() -> server.setHealthStatus(42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthStatusCanStartFailing() throws Exception {
        try (WhoamiServer failing = WhoamiServer.start(WhoamiOptions.loopback().withHealthStatus(503))) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(failing.uri().resolve("/health"))
                            .timeout(TIMEOUT)
                            .build(),
                    BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void dataStreamsExactlyTheRequestedNumberOfBytes() throws Exception {
        long size = 64L * 1024 * 1024 + 7;
        HttpResponse<InputStream> response =
                client.send(request("/data?size=" + size).build(), BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(size);
        try (InputStream body = response.body()) {
            assertThat(countAndCheckPattern(body)).isEqualTo(size);
        }
        assertThat(get("/data?size=0").body()).isEmpty();
    }

    @Test
    void dataRejectsSizesOutOfRange() throws Exception {
        assertThat(get("/data?size=-1").statusCode()).isEqualTo(400);
        assertThat(get("/data?size=abc").statusCode()).isEqualTo(400);
        assertThat(get("/data").statusCode()).isEqualTo(400);
        assertThat(get("/data?size=" + (WhoamiHandler.MAX_DATA_BYTES + 1)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void slowAnswersLaterWithoutBlockingOtherConnections() throws Exception {
        try (WhoamiServer single = WhoamiServer.start(WhoamiOptions.loopback().withIoThreads(1))) {
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                    HttpRequest.newBuilder(single.uri().resolve("/slow?ms=4000"))
                            .timeout(TIMEOUT)
                            .build(),
                    BodyHandlers.ofString());
            // A second client forces a second connection on the same (only) event loop.
            try (HttpClient other =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<String> fast = other.send(
                        HttpRequest.newBuilder(single.uri()).timeout(TIMEOUT).build(), BodyHandlers.ofString());
                assertThat(fast.statusCode()).isEqualTo(200);
            }
            assertThat(slow).isNotDone();
            assertThat(slow.get(30, TimeUnit.SECONDS).body()).contains("GET /slow?ms=4000 HTTP/1.1");
        }
        assertThat(get("/slow?ms=x").statusCode()).isEqualTo(400);
    }

    @Test
    void slowWaitsAtLeastTheRequestedTime() throws Exception {
        long start = System.nanoTime();
        assertThat(get("/slow?ms=300").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void echoesABodyOfKnownLength() throws Exception {
        byte[] body = "hello, whoami".repeat(1000).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = client.send(
                request("/anything")
                        .header("Content-Type", "text/x-test")
                        .POST(BodyPublishers.ofByteArray(body))
                        .build(),
                BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/x-test");
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(body.length);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void streamsAChunkedBodyBackAfterExpectContinue() throws Exception {
        long size = 100_000;
        HttpResponse<InputStream> response = client.send(
                request("/echo")
                        .expectContinue(true)
                        .POST(BodyPublishers.ofInputStream(() -> new PatternStream(size)))
                        .build(),
                BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
        try (InputStream body = response.body()) {
            assertThat(countAndCheckPattern(body)).isEqualTo(size);
        }
    }

    @Test
    void streamsALargeBodyBackWhileItIsStillBeingSent() throws Exception {
        // Full duplex: the JDK client sends the whole body before reading, so a raw socket does it here.
        long size = 256L * 1024 * 1024;
        try (Socket socket = connect()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("PUT /upload HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: " + size
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    new PatternStream(size).transferTo(out);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("content-length: " + size);
            assertThat(countAndCheckPattern(in)).isEqualTo(size);
            writer.join(TIMEOUT);
        }
    }

    @Test
    void echoesWebSocketMessages() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add("text:" + text);
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                binary.writeBytes(bytes);
                if (last) {
                    received.add("binary:" + binary.size());
                    binary.reset();
                }
                ws.request(1);
                return null;
            }
        };
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        WebSocket socket = client.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(ws, listener)
                .get(30, TimeUnit.SECONDS);

        socket.sendText("hello", true).get(30, TimeUnit.SECONDS);
        assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("text:hello");
        socket.sendBinary(ByteBuffer.wrap(new byte[100_000]), true).get(30, TimeUnit.SECONDS);
        assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("binary:100000");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(30, TimeUnit.SECONDS);
        assertThat(server.webSocketSessions()).isEqualTo(1);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (Socket socket = connect()) {
            String requests = "GET /slow?ms=200 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                    + "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            int slow = all.indexOf("GET /slow?ms=200 HTTP/1.1");
            int echo = all.indexOf("5\r\nhello\r\n0\r\n\r\n");
            int last = all.indexOf("GET /last HTTP/1.1");
            assertThat(slow).isNotNegative();
            assertThat(echo).isGreaterThan(slow);
            assertThat(last).isGreaterThan(echo);
        }
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void answersHttp10AndClosesTheConnection() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /x HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.0 200 OK").contains("GET /x HTTP/1.0\n");
        }
    }

    @Test
    void rejectsMalformedRequests() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(all).startsWith("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void dropConnectionsClosesOpenConnectionsButKeepsListening() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().read();
            server.dropConnections();
            assertThat(socket.getInputStream().readAllBytes()).isNotNull();
        }
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void stopServesOnForTheDelayThenFinishesWhatIsUnderWayAndClosesIdleConnectionsCleanly() throws Exception {
        try (Socket idle = connect();
                Socket slow = connect()) {
            idle.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = readHead(idle.getInputStream());
            assertThat(head).doesNotContainIgnoringCase("connection: close");
            idle.getInputStream().readNBytes(contentLength(head));
            slow.getOutputStream()
                    .write("GET /slow?ms=1500 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(100);
            int port = server.port();
            long begun = System.nanoTime();
            Thread stopping =
                    Thread.ofPlatform().start(() -> server.stop(Duration.ofMillis(800), Duration.ofSeconds(5)));
            Thread.sleep(200);

            // Still serving during the delay, new connections too, each answer closing its connection.
            try (Socket late = connect()) {
                late.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String all = new String(late.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(all).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close");
            }
            // The request under way is answered in full; the idle connection ends with a FIN, not a reset.
            String slowAnswer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(slowAnswer).startsWith("HTTP/1.1 200 OK").contains("Hostname: alpha");
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            stopping.join(10_000);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
            assertThat(took).isBetween(1300L, 5000L);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        }
    }

    private static int contentLength(String head) {
        return head.lines()
                .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void reportsAPortInUseWithTheAddress() {
        WhoamiOptions taken = WhoamiOptions.loopback().withPort(server.port());
        assertThatThrownBy(() -> WhoamiServer.start(taken))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    @Test
    void closeStopsListening() {
        int port = server.port();
        server.close();
        server.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Reads to the end, checking every byte against {@link PatternStream}'s; returns the count. */
    private static long countAndCheckPattern(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] != PatternStream.byteAt(count + i)) {
                    throw new AssertionError("byte " + (count + i) + " differs");
                }
            }
            count += n;
        }
        return count;
    }

    /** The byte stream {@code /data} produces, generated on the fly for request bodies. */
    static final class PatternStream extends InputStream {
        private static final byte[] ALPHABET =
                "abcdefghijklmnopqrstuvwxyz0123456789\n".getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        static byte byteAt(long position) {
            return ALPHABET[(int) ((position % GeneratedBody.CHUNK_SIZE) % ALPHABET.length)];
        }

        @Override
        public int read() {
            return position < size ? byteAt(position++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = byteAt(position++);
            }
            return n;
        }
    }
}
