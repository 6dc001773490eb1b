package io.swarmedge.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small Docker API client: GET a path, get JSON back; open the {@code /events} stream; POST a JSON
 * body and DELETE (the only writes, used by {@code swarmedge doctor}'s volume write tests). Built on
 * docker-java's HTTP transport (unix sockets and TCP), but parsing the JSON itself, because
 * docker-java's models lack fields the provider needs (a task's network attachments).
 */
public final class DockerApi implements AutoCloseable {
    /** Largest response body accepted: a swarm with thousands of tasks stays well below it. */
    static final int MAX_BODY_BYTES = 64 << 20;
    /** Largest single event accepted on the events stream. */
    static final int MAX_EVENT_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerEndpoint endpoint;
    private final DockerHttpClient requests;

    private DockerApi(DockerEndpoint endpoint, DockerHttpClient requests) {
        this.endpoint = endpoint;
        this.requests = requests;
    }

    /**
     * A client for {@code endpoint}. Requests time out after {@code requestTimeout}; the events stream
     * has no time-out (it is silent while nothing happens) and a connection of its own.
     */
    public static DockerApi connect(DockerEndpoint endpoint, Duration requestTimeout) {
        DockerHttpClient requests = new ApacheDockerHttpClient.Builder()
                .dockerHost(endpoint.uri())
                .maxConnections(4)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(requestTimeout)
                .build();
        return new DockerApi(endpoint, requests);
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /** GETs {@code path} (with its query) and parses the JSON answer. */
    public JsonNode get(String path) {
        try (DockerHttpClient.Response response = requests.execute(request(path))) {
            byte[] body = readBounded(response.getBody(), MAX_BODY_BYTES, path);
            if (response.getStatusCode() != 200) {
                throw new DockerApiException(
                        describe(path) + ": HTTP " + response.getStatusCode() + " " + message(body),
                        response.getStatusCode(),
                        null);
            }
            return JSON.readTree(body);
        } catch (DockerApiException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new DockerApiException(describe(path) + ": invalid JSON: " + e.getOriginalMessage(), 0, e);
        } catch (IOException | RuntimeException e) {
            throw new DockerApiException(describe(path) + ": " + rootMessage(e), 0, e);
        }
    }

    /**
     * POSTs {@code body} as JSON to {@code path} and parses the answer (an empty object when the
     * engine answers without a body, as {@code /exec/{id}/start} with output discarded does not).
     * Statuses 200, 201 and 204 are success; anything else throws with the engine's message.
     */
    public JsonNode post(String path, JsonNode body) {
        String where = "POST " + endpoint + path;
        DockerHttpClient.Request request;
        try {
            request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path(path)
                    .putHeader("Content-Type", "application/json")
                    .bodyBytes(JSON.writeValueAsBytes(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": body is not serialisable", e);
        }
        try (DockerHttpClient.Response response = requests.execute(request)) {
            byte[] answer = readBounded(response.getBody(), MAX_BODY_BYTES, path);
            int status = response.getStatusCode();
            if (status != 200 && status != 201 && status != 204) {
                throw new DockerApiException(where + ": HTTP " + status + " " + message(answer), status, null);
            }
            String text = new String(answer, StandardCharsets.UTF_8).strip();
            if (text.isEmpty() || !(text.startsWith("{") || text.startsWith("["))) {
                return JSON.createObjectNode(); // no JSON answer (an exec's output stream, an empty body)
            }
            return JSON.readTree(text);
        } catch (DockerApiException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new DockerApiException(where + ": invalid JSON: " + e.getOriginalMessage(), 0, e);
        } catch (IOException | RuntimeException e) {
            throw new DockerApiException(where + ": " + rootMessage(e), 0, e);
        }
    }

    /** DELETEs {@code path} ({@code /services/<id>}); 200, 204 and 404 (already gone) are success. */
    public void delete(String path) {
        String where = "DELETE " + endpoint + path;
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.DELETE)
                .path(path)
                .build();
        try (DockerHttpClient.Response response = requests.execute(request)) {
            byte[] answer = readBounded(response.getBody(), MAX_BODY_BYTES, path);
            int status = response.getStatusCode();
            if (status != 200 && status != 204 && status != 404) {
                throw new DockerApiException(where + ": HTTP " + status + " " + message(answer), status, null);
            }
        } catch (DockerApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DockerApiException(where + ": " + rootMessage(e), 0, e);
        }
    }

    /** Opens {@code /events} with these filters ({@code {"type": ["service", "node"]}}). */
    public EventStream events(Map<String, List<String>> filters) {
        String path = "/events" + filterQuery(filters);
        return new HttpEventStream(describe(path), EventConnection.open(endpoint, path, Duration.ofSeconds(5)));
    }

    /** The {@code ?filters=…} query for these filters ("" when there are none). */
    static String filterQuery(Map<String, List<String>> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        try {
            return "?filters=" + URLEncoder.encode(JSON.writeValueAsString(filters), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filters " + filters, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(requests);
    }

    private String describe(String path) {
        return "GET " + endpoint + path;
    }

    private static DockerHttpClient.Request request(String path) {
        return DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
    }

    private static byte[] readBounded(InputStream in, int limit, String path) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new DockerApiException("GET " + path + ": answer larger than " + limit + " bytes", 0, null);
        }
        return body;
    }

    /** The engine's {@code {"message": "..."}} error text, or the body itself. */
    private static String message(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: show it as it is (the socket proxy answers refusals in plain text)
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a client: nothing useful to do with a failure
        }
    }

    /** Newline-delimited JSON events from one open connection. */
    private static final class HttpEventStream implements EventStream {
        private final String where;
        private final EventConnection connection;
        private final InputStream body;
        private final AtomicBoolean closed = new AtomicBoolean();

        HttpEventStream(String where, EventConnection connection) {
            this.where = where;
            this.connection = connection;
            this.body = connection.body();
        }

        @Override
        public SwarmEvent next() {
            while (true) {
                String line = readLine();
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode event = JSON.readTree(line);
                    JsonNode actor = event.path("Actor");
                    return new SwarmEvent(
                            event.path("Type").asText(""),
                            event.path("Action").asText(""),
                            actor.path("ID").asText(""),
                            actor.path("Attributes").path("name").asText(""));
                } catch (JsonProcessingException e) {
                    throw new DockerApiException(where + ": invalid event: " + e.getOriginalMessage(), 0, e);
                }
            }
        }

        private String readLine() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                for (int b = body.read(); b != '\n'; b = body.read()) {
                    if (b == -1) {
                        throw new DockerApiException(where + ": the events stream ended", 0, null);
                    }
                    if (line.size() >= MAX_EVENT_BYTES) {
                        throw new DockerApiException(
                                where + ": event larger than " + MAX_EVENT_BYTES + " bytes", 0, null);
                    }
                    line.write(b);
                }
            } catch (IOException e) {
                throw new DockerApiException(where + ": " + (closed.get() ? "closed" : rootMessage(e)), 0, e);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                connection.close();
            }
        }
    }
}
