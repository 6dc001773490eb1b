package io.swarmedge.socketproxy.forward;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * The response encoder, told whether the current request was a HEAD so that a chunked HEAD answer gets no
 * terminating chunk (Netty's plain encoder cannot know the method; its server codec is not used because the
 * request side is our strict decoder).
 */
final class ResponseEncoder extends HttpResponseEncoder {
    private boolean headRequest;

    void headRequest(boolean head) {
        this.headRequest = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return headRequest || super.isContentAlwaysEmpty(msg);
    }
}
