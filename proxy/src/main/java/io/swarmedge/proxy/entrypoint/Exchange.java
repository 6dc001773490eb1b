package io.swarmedge.proxy.entrypoint;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.swarmedge.proxy.balancer.LoadBalancer;
import io.swarmedge.proxy.balancer.Pick;
import io.swarmedge.proxy.balancer.ServiceBalancer;
import io.swarmedge.proxy.balancer.UnavailableHold;
import io.swarmedge.proxy.middleware.HttpMiddleware;
import io.swarmedge.proxy.middleware.RequestContext;
import io.swarmedge.proxy.observability.AccessLogEntry;
import io.swarmedge.proxy.routing.RequestHead;
import io.swarmedge.proxy.routing.Route;
import io.swarmedge.proxy.runtime.Runtime;
import io.swarmedge.proxy.upstream.Upstream;
import io.swarmedge.proxy.upstream.UpstreamConnection;
import io.swarmedge.proxy.upstream.UpstreamListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request on its way through the proxy: routing, middlewares, the upstream attempts (with
 * retry on another server while nothing of the request reached one), and the streaming of both bodies
 * with backpressure (a side that cannot write pauses reading on the other). Lives on the client
 * connection's event loop; upstream connections are opened on the same loop.
 */
final class Exchange implements UpstreamListener, UnavailableHold.Waiter {
    private static final int MAX_ATTEMPTS = 4;
    /** Request body bytes held while an upstream connection opens; beyond this, reading pauses. */
    private static final int MAX_QUEUED_BYTES = 64 * 1024;

    private static final byte[] NOT_FOUND = "404 page not found\n".getBytes(StandardCharsets.US_ASCII);

    private final ClientConnection conn;
    private final HttpRequest request;
    private final long startNanos;
    private final String method;
    private final String originalUri;
    private final String originalHost;
    private final HttpVersion clientVersion;
    private Route route;
    private List<HttpMiddleware> middlewares = List.of();
    private RequestContext context;
    private String outboundUri;
    private boolean upgrade;
    private boolean clientKeepAlive;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean interim;
    private boolean finished;
    private boolean upstreamKeepAlive;
    private boolean upgrading;
    private int status;
    private long responseBytes;
    private long bodyBytesSent;
    private ArrayDeque<HttpContent> queued;
    private int queuedBytes;
    private List<Upstream> tried = List.of();
    private int attempts;
    private int attemptId;
    private HttpResponseStatus lastError = HttpResponseStatus.BAD_GATEWAY;
    private Pick pick;
    private Upstream inFlightOn;
    private UpstreamConnection upstream;
    private ScheduledFuture<?> headerTimeout;
    private boolean headerTimedOut;
    private boolean retargeted;
    private boolean internalRequest;
    /** The route's service, or its successor in a later runtime after waiting for a server. */
    private ServiceBalancer service;

    private UnavailableHold.Parked parked;
    private long parkedSince;

    Exchange(ClientConnection conn, HttpRequest request, long startNanos) {
        this.conn = conn;
        this.request = request;
        this.startNanos = startNanos;
        this.method = request.method().name();
        this.originalUri = request.uri();
        this.originalHost = request.headers().get(HttpHeaderNames.HOST);
        this.clientVersion = request.protocolVersion();
    }

    boolean requestComplete() {
        return requestComplete;
    }

    void markRequestComplete() {
        requestComplete = true;
        conn.deadlines.requestRead();
    }

    /** Routes the request and answers it directly or starts forwarding it. */
    void start() {
        EntryPointContext ep = conn.ep;
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        if (ep.internal.any()) {
            Optional<FullHttpResponse> internal = ep.internal.handle(request, alloc());
            if (internal.isPresent()) {
                // Like Traefik without addInternals: ping and metrics stay out of metrics and access log.
                internalRequest = true;
                respond(internal.get());
                return;
            }
        }
        HttpHeaders headers = request.headers();
        upgrade = headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
        boolean secure = TlsDetector.secure(conn.channel);
        String proto = secure ? (upgrade ? "wss" : "https") : (upgrade ? "ws" : "http");
        ProxyHeaders.setForwarded(headers, conn.clientIp, conn.trusted, proto, originalHost, ep.serverName);
        Runtime runtime = ep.runtime.get();
        Optional<Route> matched = runtime.table(ep.name, secure).match(new RequestHead(request, conn.remote));
        if (matched.isEmpty()) {
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.wrappedBuffer(NOT_FOUND));
            r.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, NOT_FOUND.length);
            respond(r);
            return;
        }
        route = matched.get();
        middlewares = route.middlewares();
        if (!middlewares.isEmpty()) {
            context = new RequestContext(request, originalUri, secure, ep.name, ep.config.port(), conn.remote);
            for (int i = 0; i < middlewares.size(); i++) {
                Optional<FullHttpResponse> answer = middlewares.get(i).onRequest(context);
                if (answer.isPresent()) {
                    middlewares = middlewares.subList(0, i);
                    respond(answer.get());
                    return;
                }
            }
        }
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        ProxyHeaders.removeHopByHop(headers, upgrade);
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        outboundUri = originForm(request.uri());
        service = route.service();
        attempt();
    }

    /** Picks a server and sends the request to it over a pooled or new connection. */
    private void attempt() {
        if (attempts++ >= MAX_ATTEMPTS) {
            respondError(lastError);
            return;
        }
        Optional<Pick> picked = service.pick(request, tried);
        if (picked.isEmpty()) {
            if (park()) {
                return;
            }
            respondError(tried.isEmpty() ? HttpResponseStatus.SERVICE_UNAVAILABLE : lastError);
            return;
        }
        pick = picked.get();
        Upstream target = pick.endpoint().upstream();
        target.inFlight().incrementAndGet();
        inFlightOn = target;
        LoadBalancer lb = pick.balancer();
        HttpHeaders headers = request.headers();
        if (!lb.passHostHeader() || originalHost == null) {
            headers.set(ProxyHeaders.HOST, target.url().getRawAuthority());
        } else if (retargeted) {
            headers.set(ProxyHeaders.HOST, originalHost);
        }
        retargeted = !lb.passHostHeader();
        String prefix = pick.endpoint().pathPrefix();
        request.setUri(prefix.isEmpty() ? outboundUri : prefix + outboundUri);
        EventLoop loop = conn.channel.eventLoop();
        UpstreamConnection pooled = target.pool().poll(loop);
        if (pooled != null) {
            send(pooled);
            return;
        }
        int id = ++attemptId;
        Future<? extends Channel> connecting = target.connect(loop, () -> anotherServerThan(target));
        connecting.addListener(f -> {
            if (finished || id != attemptId) {
                if (f.isSuccess()) {
                    connecting.getNow().close();
                }
                return;
            }
            if (f.isSuccess()) {
                send(Upstream.connectionOf(connecting.getNow()));
            } else {
                upstreamFailed(null, target, f.cause());
            }
        });
    }

    /** Whether a server not tried yet, other than {@code target}, could take the request. */
    private boolean anotherServerThan(Upstream target) {
        List<Upstream> excluded = new ArrayList<>(tried.size() + 1);
        excluded.addAll(tried);
        excluded.add(target);
        return service.available(excluded);
    }

    /** No server for now: wait for one in the service's hold, while nothing reached a server. */
    private boolean park() {
        if (bodyBytesSent > 0 || !conn.channel.isActive()) {
            return false;
        }
        if (parkedSince == 0) {
            parkedSince = System.nanoTime() | 1; // never 0, which means "not parked yet"
        }
        Optional<UnavailableHold.Parked> p = service.park(tried, conn.channel.eventLoop(), parkedSince, this);
        if (p.isEmpty()) {
            return false;
        }
        parked = p.get();
        attempts--; // waiting is not an attempt
        return true;
    }

    @Override
    public void serverAvailable(ServiceBalancer balancer) {
        parked = null;
        if (!finished) {
            service = balancer;
            attempt();
        }
    }

    @Override
    public void holdEnded(String reason) {
        parked = null;
        if (!finished) {
            respondError(HttpResponseStatus.SERVICE_UNAVAILABLE, reason);
        }
    }

    private void send(UpstreamConnection c) {
        upstream = c;
        c.attach(this);
        Channel ch = c.channel();
        ch.write(request);
        if (queued != null) {
            HttpContent content;
            while ((content = queued.poll()) != null) {
                bodyBytesSent += content.content().readableBytes();
                ch.write(content);
            }
            queuedBytes = 0;
        } else if (requestComplete) {
            // A retry of a body-less request: the end of the request was consumed by the failed attempt.
            ch.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        if (!conn.inRead) {
            // Otherwise the client connection's read-complete flushes, batching with any body that follows.
            ch.flush();
        }
        if (requestComplete) {
            armHeaderTimeout();
        }
        if (!ch.isWritable()) {
            conn.pause(ClientConnection.PAUSE_UPSTREAM);
        } else {
            conn.resume(ClientConnection.PAUSE_UPSTREAM);
        }
    }

    /** A piece of request body from the client. */
    void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last) {
            markRequestComplete();
        }
        if (finished || route == null) {
            content.release();
            if (last && finished) {
                conn.exchangeDone(this, clientKeepAlive);
            }
            return;
        }
        UpstreamConnection u = upstream;
        if (u == null) {
            if (queued == null) {
                queued = new ArrayDeque<>(4);
            }
            queued.add(content);
            queuedBytes += content.content().readableBytes();
            if (queuedBytes > MAX_QUEUED_BYTES) {
                conn.pause(ClientConnection.PAUSE_UPSTREAM);
            }
            return;
        }
        Channel ch = u.channel();
        bodyBytesSent += content.content().readableBytes();
        ch.write(content);
        if (last) {
            armHeaderTimeout();
        }
        if (!ch.isWritable()) {
            conn.pause(ClientConnection.PAUSE_UPSTREAM);
        }
    }

    void flushUpstream() {
        UpstreamConnection u = upstream;
        if (u != null) {
            u.channel().flush();
        }
    }

    void clientWritabilityChanged(boolean writable) {
        UpstreamConnection u = upstream;
        if (u != null) {
            u.channel().config().setAutoRead(writable);
        }
    }

    @Override
    public void onWritabilityChanged(UpstreamConnection connection, boolean writable) {
        if (writable) {
            conn.resume(ClientConnection.PAUSE_UPSTREAM);
        } else {
            conn.pause(ClientConnection.PAUSE_UPSTREAM);
        }
    }

    private void armHeaderTimeout() {
        if (headerTimeout != null || responseStarted || pick == null) {
            return;
        }
        Duration timeout = pick.balancer().responseHeaderTimeout();
        if (timeout.isZero() || timeout.isNegative()) {
            return;
        }
        UpstreamConnection u = upstream;
        headerTimeout = conn.channel
                .eventLoop()
                .schedule(
                        () -> {
                            if (!responseStarted && !finished && upstream == u) {
                                headerTimedOut = true;
                                upstreamFailed(u, u.upstream(), new ConnectTimeoutException("response header timeout"));
                            }
                        },
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
    }

    @Override
    public void onResponseHead(UpstreamConnection connection, HttpResponse response) {
        int code = response.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            // Interim response (100 Continue…): forward it; the real one follows.
            interim = true;
            ProxyHeaders.removeHopByHop(response.headers(), false);
            conn.channel.write(response);
            return;
        }
        if (headerTimeout != null) {
            headerTimeout.cancel(false);
        }
        responseStarted = true;
        status = code;
        connection.upstream().recordSuccess();
        HttpHeaders headers = response.headers();
        if (code == 101 && upgrade) {
            upgrading = true;
            ProxyHeaders.removeHopByHop(headers, true);
            runResponseMiddlewares(response);
            conn.channel.write(response);
            return;
        }
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (!hasLength && !chunked && !bodyless) {
            upstreamKeepAlive = false; // close-delimited body: the connection ends with it
        }
        ProxyHeaders.removeHopByHop(headers, false);
        if (!bodyless && !hasLength) {
            if (clientVersion.equals(HttpVersion.HTTP_1_1)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                conn.closeAfterResponse = true;
            }
        }
        runResponseMiddlewares(response);
        for (String cookie : pick.setCookies()) {
            headers.add(HttpHeaderNames.SET_COOKIE, cookie);
        }
        setConnectionHeader(headers);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        conn.channel.write(response);
    }

    @Override
    public void onResponseContent(UpstreamConnection connection, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (interim) {
            conn.channel.write(content);
            if (last) {
                interim = false;
                conn.channel.flush();
            }
            return;
        }
        if (upgrading) {
            content.release();
            if (last) {
                switchToTunnel(connection);
            }
            return;
        }
        responseBytes += content.content().readableBytes();
        Channel client = conn.channel;
        client.write(content);
        if (last) {
            responseDone(connection);
        } else if (!client.isWritable()) {
            connection.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void onReadComplete(UpstreamConnection connection) {
        conn.channel.flush();
    }

    private void responseDone(UpstreamConnection connection) {
        boolean reusable = upstreamKeepAlive && requestComplete;
        upstream = null;
        connection.channel().config().setAutoRead(true);
        connection.release(reusable);
        if (!requestComplete) {
            conn.closeAfterResponse = true;
        }
        finish();
        // Flush after recording (metrics and log are up to date when the client sees the end), and
        // here: once released, the connection's read-complete no longer reaches this exchange.
        conn.channel.flush();
    }

    private void switchToTunnel(UpstreamConnection connection) {
        Channel up = connection.channel();
        Channel client = conn.channel;
        upstream = null;
        connection.attach(null);
        // Ends the 101 on the client's encoder, then both codecs leave before any raw byte is written,
        // so bytes either side sent right after the switch pass through untouched.
        client.write(LastHttpContent.EMPTY_LAST_CONTENT);
        conn.prepareTunnel();
        up.pipeline().addLast("tunnel", new TunnelRelay(client));
        up.pipeline().remove("upstream");
        up.pipeline().remove("http");
        finish();
        conn.becomeTunnel(up);
        client.flush();
    }

    @Override
    public void onFailure(UpstreamConnection connection, Throwable cause) {
        if (connection != upstream) {
            return;
        }
        upstreamFailed(connection, connection.upstream(), cause);
    }

    /** An attempt failed: retry elsewhere while nothing reached a server, else answer 502/504. */
    private void upstreamFailed(UpstreamConnection connection, Upstream target, Throwable cause) {
        if (finished) {
            return;
        }
        if (headerTimeout != null) {
            headerTimeout.cancel(false);
            headerTimeout = null;
        }
        upstream = null;
        if (connection != null) {
            connection.discard();
        }
        releaseInFlight();
        if (responseStarted) {
            // Too late for an error page: cut the client connection so it sees a truncated response.
            conn.closeAfterResponse = true;
            conn.channel.close();
            finish();
            return;
        }
        boolean timeout = headerTimedOut || cause instanceof ConnectTimeoutException;
        lastError = timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY;
        boolean reused = connection != null && connection.reused();
        if (!reused && !headerTimedOut) {
            target.recordFailure();
        }
        boolean retryable = !headerTimedOut && bodyBytesSent == 0 && conn.channel.isActive();
        if (retryable) {
            if (!reused) {
                // The server itself failed: try another one. A stale pooled connection is not its fault.
                if (tried.isEmpty()) {
                    tried = new ArrayList<>(2);
                }
                tried.add(target);
            }
            attempt();
            return;
        }
        respondError(lastError);
    }

    void clientClosed() {
        if (finished) {
            return;
        }
        if (parked != null) {
            parked.cancel();
            parked = null;
        }
        UpstreamConnection u = upstream;
        upstream = null;
        if (u != null) {
            u.discard();
        }
        if (status == 0) {
            status = 499;
        }
        releaseInFlight();
        finish();
    }

    /** Answers with a short text error page. */
    void respondError(HttpResponseStatus status) {
        respondError(status, status.reasonPhrase());
    }

    private void respondError(HttpResponseStatus status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, alloc().buffer(body.length).writeBytes(body));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        respond(r);
    }

    /** Sends a complete response generated by the proxy (not an upstream). */
    private void respond(FullHttpResponse response) {
        if (finished || responseStarted) {
            response.release();
            return;
        }
        releaseInFlight();
        responseStarted = true;
        status = response.status().code();
        responseBytes = response.content().readableBytes();
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        runResponseMiddlewares(response);
        if (!requestComplete
                && (HttpUtil.isTransferEncodingChunked(request)
                        || HttpUtil.getContentLength(request, 0L) > MAX_QUEUED_BYTES)) {
            // A body we would have to read and throw away: close instead.
            conn.closeAfterResponse = true;
        }
        setConnectionHeader(response.headers());
        conn.channel.writeAndFlush(response);
        finish();
    }

    private void runResponseMiddlewares(HttpResponse response) {
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            middlewares.get(i).onResponse(context, response);
        }
    }

    private void setConnectionHeader(HttpHeaders headers) {
        boolean keep = clientKeepAlive && !conn.closeAfterResponse && !conn.ep.draining;
        if (!keep) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            conn.closeAfterResponse = true;
        } else if (!clientVersion.equals(HttpVersion.HTTP_1_1)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void releaseInFlight() {
        Upstream u = inFlightOn;
        if (u != null) {
            inFlightOn = null;
            u.inFlight().decrementAndGet();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (parked != null) {
            parked.cancel();
            parked = null;
        }
        releaseInFlight();
        if (headerTimeout != null) {
            headerTimeout.cancel(false);
        }
        if (queued != null) {
            queued.forEach(HttpContent::release);
            queued = null;
        }
        record();
        if (requestComplete || conn.closeAfterResponse || upgrading) {
            if (!upgrading) {
                conn.exchangeDone(this, clientKeepAlive);
            }
        }
        // Otherwise the rest of the request body is still arriving: onRequestContent ends the exchange.
    }

    private void record() {
        if (internalRequest) {
            return;
        }
        EntryPointContext ep = conn.ep;
        long nanos = System.nanoTime() - startNanos;
        int code = status;
        ep.metrics.entryPointRequest(ep.name, code, method, upgrade, nanos);
        if (route != null) {
            String service = route.service().name();
            ep.metrics.routerRequest(route.name(), service, code, method, upgrade);
            if (pick != null) {
                ep.metrics.serviceRequest(service, code, method, upgrade, nanos);
            }
        }
        if (ep.accessLog != null) {
            HttpHeaders h = request.headers();
            ep.accessLog.accept(new AccessLogEntry(
                    conn.clientIp,
                    conn.remote.getPort(),
                    System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(nanos),
                    originalHost == null ? "-" : originalHost,
                    method,
                    originalUri,
                    clientVersion.text(),
                    code,
                    responseBytes,
                    h.get(HttpHeaderNames.REFERER, "-"),
                    h.get(HttpHeaderNames.USER_AGENT, "-"),
                    ep.requestCount.incrementAndGet(),
                    route == null ? "-" : route.name(),
                    route == null ? "-" : route.service().name(),
                    pick == null ? "-" : pick.endpoint().url(),
                    nanos,
                    ep.name));
        }
    }

    private ByteBufAllocator alloc() {
        return conn.channel.alloc();
    }

    /** {@code http://host/p?q} → {@code /p?q}; origin-form targets unchanged. */
    static String originForm(String uri) {
        if (uri.isEmpty() || uri.charAt(0) == '/' || uri.equals("*")) {
            return uri.isEmpty() ? "/" : uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int path = uri.indexOf('/', scheme + 3);
        int query = uri.indexOf('?', scheme + 3);
        if (path < 0 || (query >= 0 && query < path)) {
            return query < 0 ? "/" : "/" + uri.substring(query);
        }
        return uri.substring(path);
    }
}
