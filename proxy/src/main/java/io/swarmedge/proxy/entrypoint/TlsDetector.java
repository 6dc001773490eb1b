package io.swarmedge.proxy.entrypoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import io.swarmedge.proxy.tls.TlsContexts;
import java.util.List;
import java.util.function.Consumer;

/**
 * First handler of an entrypoint that serves TLS: looks at the first record header and, when it is
 * TLS, puts the SNI handler of the entrypoint's current {@link TlsContexts} in its place; otherwise
 * it steps aside and the connection stays plain HTTP. One port serves both, as Traefik's does:
 * routers with {@code tls} match on TLS connections, the others on plain ones.
 */
final class TlsDetector extends ByteToMessageDecoder {
    /** Set on connections that negotiated (or are negotiating) TLS. */
    static final AttributeKey<Boolean> SECURE = AttributeKey.valueOf("swarmedge.secure");

    /** A TLS record header: content type, version, length. */
    private static final int RECORD_HEADER = 5;

    private final TlsContexts contexts;
    private final Consumer<ChannelHandlerContext> http2;
    private final ChallengeAnswers challenges;

    /**
     * @param http2 turns the connection into HTTP/2 when ALPN picks {@code h2}
     * @param challenges TLS-ALPN-01 answers while ACME is active, else null
     */
    TlsDetector(TlsContexts contexts, Consumer<ChannelHandlerContext> http2, ChallengeAnswers challenges) {
        this.contexts = contexts;
        this.http2 = http2;
        this.challenges = challenges;
    }

    /** Whether this connection is TLS. */
    static boolean secure(io.netty.channel.Channel channel) {
        return Boolean.TRUE.equals(channel.attr(SECURE).get());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < RECORD_HEADER) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            ctx.channel().attr(SECURE).set(Boolean.TRUE);
            ctx.pipeline().addAfter(ctx.name(), "alpn", new AlpnSwitch(http2));
            ctx.pipeline()
                    .replace(
                            this,
                            "sni",
                            challenges == null
                                    ? contexts.newSniHandler()
                                    : new ChallengeSniHandler(contexts, challenges));
        } else {
            ctx.pipeline().remove(this);
        }
    }
}
