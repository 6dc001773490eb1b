package io.swarmedge.proxy.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Receives what an upstream connection reads while it serves one exchange. Called on its event loop. */
public interface UpstreamListener {
    /** A response head (also 1xx interim responses). */
    void onResponseHead(UpstreamConnection connection, HttpResponse response);

    /** A piece of response body; the listener owns (must release or pass on) the content. */
    void onResponseContent(UpstreamConnection connection, HttpContent content);

    /** The connection read everything the current read loop had: a good moment to flush. */
    void onReadComplete(UpstreamConnection connection);

    /** The connection became writable or stopped being writable. */
    void onWritabilityChanged(UpstreamConnection connection, boolean writable);

    /** The connection failed or closed while serving the exchange. */
    void onFailure(UpstreamConnection connection, Throwable cause);
}
