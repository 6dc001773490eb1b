package io.swarmedge.proxy.upstream;

import io.netty.channel.ConnectTimeoutException;
import java.net.URI;
import java.time.Duration;

/**
 * A connect to a server did not complete within {@link Upstream#SLOW_CONNECT} while another server
 * could take the request: the attempt gives up on this one (the connect itself goes on).
 */
public final class SlowConnectException extends ConnectTimeoutException {
    public SlowConnectException(URI server, Duration after) {
        super("connect to " + server + " still pending after " + after.toMillis() + " ms; trying another server");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, raised often while a node is down: no stack trace
    }
}
