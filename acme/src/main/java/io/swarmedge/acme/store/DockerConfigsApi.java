package io.swarmedge.acme.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The few Docker API calls on Swarm configs the store needs (list, inspect, create, update, delete),
 * over docker-java's HTTP transport (unix socket or TCP, e.g. the socket proxy's edge profile, which
 * allows exactly these calls for names under the store's prefix).
 */
final class DockerConfigsApi implements AutoCloseable {
    /** Largest answer accepted (a list of every store object). */
    private static final int MAX_BODY_BYTES = 32 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final DockerHttpClient http;

    DockerConfigsApi(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.http = new ApacheDockerHttpClient.Builder()
                .dockerHost(endpoint)
                .maxConnections(8)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(timeout)
                .build();
    }

    /** An answer: status code and JSON body (null node when empty). */
    record Answer(int status, JsonNode body) {
        String message() {
            return body != null && body.hasNonNull("message")
                    ? body.get("message").asText()
                    : String.valueOf(body);
        }
    }

    /** Configs whose name starts with {@code namePrefix}. */
    JsonNode listByName(String namePrefix) {
        String filters = URLEncoder.encode("{\"name\":[\"" + namePrefix + "\"]}", StandardCharsets.UTF_8);
        Answer answer = call(DockerHttpClient.Request.Method.GET, "/configs?filters=" + filters, null);
        if (answer.status() != 200 || answer.body() == null || !answer.body().isArray()) {
            throw new StoreException(describe("GET /configs") + ": HTTP " + answer.status() + " " + answer.message());
        }
        return answer.body();
    }

    Answer inspect(String nameOrId) {
        return call(DockerHttpClient.Request.Method.GET, "/configs/" + nameOrId, null);
    }

    Answer create(String name, Map<String, String> labels, byte[] data) {
        return call(DockerHttpClient.Request.Method.POST, "/configs/create", spec(name, labels, data));
    }

    Answer updateLabels(String id, long version, String name, Map<String, String> labels, byte[] data) {
        return call(
                DockerHttpClient.Request.Method.POST,
                "/configs/" + id + "/update?version=" + version,
                spec(name, labels, data));
    }

    Answer delete(String id) {
        return call(DockerHttpClient.Request.Method.DELETE, "/configs/" + id, null);
    }

    String describe(String what) {
        return what + " on " + endpoint;
    }

    private static byte[] spec(String name, Map<String, String> labels, byte[] data) {
        var node = JSON.createObjectNode();
        node.put("Name", name);
        var l = node.putObject("Labels");
        labels.forEach(l::put);
        node.put("Data", java.util.Base64.getEncoder().encodeToString(data));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer call(DockerHttpClient.Request.Method method, String path, byte[] body) {
        DockerHttpClient.Request.Builder request =
                DockerHttpClient.Request.builder().method(method).path(path);
        if (body != null) {
            request.putHeader("Content-Type", "application/json").body(new ByteArrayInputStream(body));
        }
        try (DockerHttpClient.Response response = http.execute(request.build())) {
            InputStream in = response.getBody();
            byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new StoreException(
                        describe(method + " " + path) + ": answer larger than " + MAX_BODY_BYTES + " bytes");
            }
            JsonNode json = null;
            if (bytes.length > 0) {
                try {
                    json = JSON.readTree(bytes);
                } catch (IOException e) {
                    json = JSON.getNodeFactory()
                            .objectNode()
                            .put("message", new String(bytes, StandardCharsets.UTF_8).strip());
                }
            }
            return new Answer(response.getStatusCode(), json);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException(describe(method + " " + path) + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // closing: nothing to do
        }
    }
}
