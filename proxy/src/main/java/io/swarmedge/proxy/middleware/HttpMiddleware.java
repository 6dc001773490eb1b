package io.swarmedge.proxy.middleware;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Optional;

/**
 * A compiled middleware of the data plane. Instances are immutable and shared by every request of
 * a runtime; they run on event loops and never block.
 */
public interface HttpMiddleware {
    /**
     * Runs before the request is forwarded: may rewrite the request head, or answer directly (a
     * redirect, a CORS preflight, a refusal) by returning the response to send.
     */
    Optional<FullHttpResponse> onRequest(RequestContext context);

    /** Runs on the response head before it is sent to the client (e.g. to add headers). */
    default void onResponse(RequestContext context, HttpResponse response) {}
}
