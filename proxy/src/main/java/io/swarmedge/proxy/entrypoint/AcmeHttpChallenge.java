package io.swarmedge.proxy.entrypoint;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ACME HTTP-01 requests ({@code GET /.well-known/acme-challenge/<token>}) on the
 * resolver's challenge entrypoint before routing, and so before the entrypoint's redirection (a CA
 * validates over plain HTTP on port 80). The answer is looked up off the event loop; the response
 * closes the connection, and anything the client sends meanwhile is dropped. Other requests pass
 * through untouched.
 */
final class AcmeHttpChallenge extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeHttpChallenge.class);

    private final ChallengeAnswers answers;
    private final String entryPoint;
    private boolean answering;

    AcmeHttpChallenge(ChallengeAnswers answers, String entryPoint) {
        this.answers = answers;
        this.entryPoint = entryPoint;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request
                && (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                && request.uri().startsWith(ChallengeAnswers.HTTP_PATH_PREFIX)) {
            answering = true;
            String path = request.uri();
            int query = path.indexOf('?');
            String token = query >= 0 ? path.substring(0, query) : path;
            boolean head = request.method().equals(HttpMethod.HEAD);
            ReferenceCountUtil.release(msg);
            answers.httpAnswer(token)
                    .whenComplete(
                            (answer, error) -> ctx.executor().execute(() -> respond(ctx, token, head, answer, error)));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void respond(
            ChannelHandlerContext ctx, String path, boolean head, Optional<String> answer, Throwable error) {
        HttpResponseStatus status;
        byte[] body;
        if (error != null) {
            LOG.warn(
                    "acme-http-challenge-error entrypoint={} path={} error=\"{}\"", entryPoint, path, error.toString());
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            body = new byte[0];
        } else if (answer.isPresent()) {
            status = HttpResponseStatus.OK;
            body = answer.get().getBytes(StandardCharsets.US_ASCII);
        } else {
            status = HttpResponseStatus.NOT_FOUND;
            body = "404 page not found\n".getBytes(StandardCharsets.US_ASCII);
        }
        LOG.info("acme-http-challenge entrypoint={} path={} status={}", entryPoint, path, status.code());
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
