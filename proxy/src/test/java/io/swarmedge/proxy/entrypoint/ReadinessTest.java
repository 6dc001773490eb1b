package io.swarmedge.proxy.entrypoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private final Readiness readiness = new Readiness(Set.of("swarm", "file"));
    private final InternalEndpoints endpoints = new InternalEndpoints(true, 418, readiness, null);

    @Test
    void startingUntilEveryProviderWasAppliedThenReadyThenTerminating() {
        assertThat(ping()).isEqualTo("503 starting: waiting for providers file, swarm");
        assertThat(readiness.applied(Set.of("file"))).isFalse();
        assertThat(ping()).isEqualTo("503 starting: waiting for provider swarm");
        assertThat(readiness.applied(Set.of("file", "swarm"))).isTrue();
        assertThat(ping()).isEqualTo("200 OK");
        assertThat(readiness.applied(Set.of("file", "swarm"))).as("only once").isFalse();
        readiness.terminating();
        assertThat(ping()).as("Traefik's ping.terminatingStatusCode").isEqualTo("418 Terminating");
        readiness.applied(Set.of("file", "swarm"));
        assertThat(ping())
                .as("a reload during the drain does not make it ready again")
                .isEqualTo("418 Terminating");
    }

    @Test
    void noProvidersMeansReadyAtOnce() {
        assertThat(new Readiness(Set.of()).ready()).isTrue();
    }

    @Test
    void terminatingBeforeReadyStaysTerminating() {
        readiness.terminating();
        readiness.applied(Set.of("file", "swarm"));
        assertThat(ping()).isEqualTo("418 Terminating");
    }

    private String ping() {
        FullHttpResponse r = endpoints
                .handle(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ping"), ByteBufAllocator.DEFAULT)
                .orElseThrow();
        try {
            return r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }
}
