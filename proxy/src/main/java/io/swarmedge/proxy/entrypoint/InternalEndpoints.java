package io.swarmedge.proxy.entrypoint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.swarmedge.proxy.observability.ProxyMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The proxy's own endpoints on an entrypoint ({@code ping@internal}, {@code prometheus@internal}):
 * {@code /ping} answers {@code OK} once every configured provider delivered a configuration, 503
 * with the reason before (so a VRRP check or a load balancer does not send traffic to a proxy that
 * would answer 404), the terminating status once shutdown started; {@code /metrics} answers the
 * Prometheus exposition. They take precedence over routers, as Traefik's internal
 * routers have the highest priority.
 */
public final class InternalEndpoints {
    private final boolean ping;
    private final int terminatingStatus;
    private final Readiness readiness;
    private final ProxyMetrics metrics;

    /**
     * @param ping serve {@code /ping} here
     * @param terminatingStatus status of {@code /ping} once shutdown started
     * @param readiness what {@code /ping} reports
     * @param metrics serve {@code /metrics} here when non-null
     */
    public InternalEndpoints(boolean ping, int terminatingStatus, Readiness readiness, ProxyMetrics metrics) {
        this.ping = ping;
        this.terminatingStatus = terminatingStatus;
        this.readiness = readiness;
        this.metrics = metrics;
    }

    /** Endpoints that serve nothing. */
    public static InternalEndpoints none() {
        return new InternalEndpoints(false, 503, new Readiness(Set.of()), null);
    }

    /** Whether any endpoint is served (lets the hot path skip the check). */
    public boolean any() {
        return ping || metrics != null;
    }

    /** The response when {@code request} is for an internal endpoint. */
    public Optional<FullHttpResponse> handle(HttpRequest request, ByteBufAllocator alloc) {
        String uri = request.uri();
        String path = uri.indexOf('?') >= 0 ? uri.substring(0, uri.indexOf('?')) : uri;
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (ping && path.startsWith("/ping") && (head || request.method().equals(HttpMethod.GET))) {
            Readiness.State state = readiness.state();
            HttpResponseStatus status = switch (state.phase()) {
                case READY -> HttpResponseStatus.OK;
                case STARTING -> HttpResponseStatus.SERVICE_UNAVAILABLE;
                case TERMINATING -> HttpResponseStatus.valueOf(terminatingStatus);
            };
            return Optional.of(text(alloc, status, state.reason(), head));
        }
        if (metrics != null
                && path.equals("/metrics")
                && (head || request.method().equals(HttpMethod.GET))) {
            FullHttpResponse r = text(alloc, HttpResponseStatus.OK, metrics.scrape(), head);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            return Optional.of(r);
        }
        return Optional.empty();
    }

    static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String body, boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? alloc.buffer(0) : alloc.buffer(bytes.length).writeBytes(bytes);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }
}
