package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A watcher whose endpoint refuses connections: it reports the failure and keeps retrying. */
class SwarmWatcherUnreachableTest {
    @Test
    void reportsTheErrorAndRetriesWithBackoff() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again: connections are refused
        }
        SwarmWatcherSettings settings =
                SwarmWatcherSettings.DEFAULTS.withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
        try (SwarmWatcher watcher =
                SwarmWatcher.connect(DockerEndpoint.parse("tcp://127.0.0.1:" + port), s -> {}, settings)) {
            watcher.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.status().consecutiveFailures() >= 3);
            SwarmWatcherStatus status = watcher.status();
            assertThat(status.connected()).isFalse();
            assertThat(status.eventsConnected()).isFalse();
            assertThat(status.lastSuccess()).isEmpty();
            assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("tcp://127.0.0.1:" + port));
            assertThat(watcher.snapshot()).isEmpty();
        }
    }
}
