package io.swarmedge.proxy.entrypoint;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a TLS handshake, keeps the HTTP/1.1 pipeline or, when ALPN chose {@code h2}, hands the
 * connection to the HTTP/2 set-up (which replaces the HTTP/1.1 handlers).
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AlpnSwitch.class);

    private final Consumer<ChannelHandlerContext> http2;

    AlpnSwitch(Consumer<ChannelHandlerContext> http2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http2 = http2;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2.accept(ctx);
        } else if (ChallengeAnswers.ACME_TLS_1.equals(protocol)) {
            // TLS-ALPN-01: the CA only checks the certificate; nothing is served on this connection
            ctx.close();
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tls-handshake-failed client={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
