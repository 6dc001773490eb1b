package io.swarmedge.proxy.observability;

/**
 * One line of the access log: what was asked, where it went and how it ended.
 *
 * @param clientIp the TCP peer's address
 * @param clientPort the TCP peer's port
 * @param startMillis when the request head arrived (epoch ms)
 * @param host the Host header, or "-"
 * @param method request method
 * @param uri request target as received
 * @param protocol {@code HTTP/1.1} …
 * @param status status sent to the client (0 when the connection was aborted)
 * @param responseBytes body bytes sent to the client
 * @param referer Referer header or "-"
 * @param userAgent User-Agent header or "-"
 * @param requestCount requests served since start (this one included)
 * @param router router name or "-"
 * @param service service name or "-"
 * @param serverUrl the server that answered, or "-"
 * @param durationNanos from request head to response end
 * @param entryPoint entrypoint name
 */
public record AccessLogEntry(
        String clientIp,
        int clientPort,
        long startMillis,
        String host,
        String method,
        String uri,
        String protocol,
        int status,
        long responseBytes,
        String referer,
        String userAgent,
        long requestCount,
        String router,
        String service,
        String serverUrl,
        long durationNanos,
        String entryPoint) {}
