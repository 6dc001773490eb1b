package io.swarmedge.docker;

import java.util.Optional;

/** A Docker API call that failed: the engine (or the socket proxy) refused it, or could not be reached. */
public final class DockerApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    DockerApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the endpoint answered with; empty when it gave no answer. */
    public Optional<Integer> status() {
        return status > 0 ? Optional.of(status) : Optional.empty();
    }
}
