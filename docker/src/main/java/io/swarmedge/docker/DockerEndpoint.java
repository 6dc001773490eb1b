package io.swarmedge.docker;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the Docker API answers: {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
 * (for example the socket proxy, {@code tcp://socket-proxy:2375}).
 *
 * @param uri the endpoint, {@code unix} or {@code tcp} scheme
 */
public record DockerEndpoint(URI uri) {
    /** The engine's local socket. */
    public static final DockerEndpoint LOCAL_SOCKET = parse("unix:///var/run/docker.sock");

    public DockerEndpoint {
        String scheme = uri.getScheme();
        if ("unix".equals(scheme)) {
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException("Docker endpoint " + uri + ": unix endpoints need a socket path");
            }
        } else if ("tcp".equals(scheme)) {
            if (uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException("Docker endpoint " + uri + ": tcp endpoints need host:port");
            }
        } else {
            throw new IllegalArgumentException(
                    "Docker endpoint " + uri + ": use unix:///path/docker.sock or tcp://host:port");
        }
    }

    /** Parses {@code unix:///…}, {@code tcp://host:port} or {@code http://host:port} (same as tcp). */
    public static DockerEndpoint parse(String text) {
        String value = text.strip();
        if (value.startsWith("http://")) {
            value = "tcp://" + value.substring("http://".length());
        }
        try {
            URI uri = new URI(value);
            if ("tcp".equals(uri.getScheme())
                    && uri.getPath() != null
                    && !uri.getPath().isEmpty()) {
                uri = new URI("tcp", null, uri.getHost(), uri.getPort(), null, null, null);
            }
            return new DockerEndpoint(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Docker endpoint \"" + text + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
