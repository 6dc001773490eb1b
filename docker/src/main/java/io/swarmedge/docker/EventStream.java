package io.swarmedge.docker;

import java.io.Closeable;

/** An open {@code /events} stream. Closing it from another thread ends a blocked {@link #next()}. */
public interface EventStream extends Closeable {
    /**
     * Blocks until the next event.
     *
     * @throws DockerApiException when the stream breaks or ends (the engine went away)
     */
    SwarmEvent next();

    @Override
    void close();
}
