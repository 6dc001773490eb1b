package io.swarmedge.proxy.entrypoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.swarmedge.proxy.tls.ChallengeAnswers;
import io.swarmedge.proxy.tls.ServerCertificate;
import io.swarmedge.proxy.tls.TlsContexts;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * The SNI handler of an entrypoint while ACME is active: a ClientHello that offers ALPN {@code
 * acme-tls/1} (a CA validating TLS-ALPN-01) gets the challenge certificate for its name and that
 * protocol only; every other handshake is selected by the {@link TlsContexts} as usual. The
 * challenge certificate is looked up off the event loop.
 */
final class ChallengeSniHandler extends SniHandler {
    private static final int EXTENSION_ALPN = 16;
    private static final byte[] ACME_TLS_1 = ChallengeAnswers.ACME_TLS_1.getBytes(StandardCharsets.US_ASCII);

    private final TlsContexts contexts;
    private final ChallengeAnswers answers;
    private boolean challenge;

    ChallengeSniHandler(TlsContexts contexts, ChallengeAnswers answers) {
        super(contexts, TlsContexts.MAX_CLIENT_HELLO_BYTES, TlsContexts.HANDSHAKE_TIMEOUT_MILLIS);
        this.contexts = contexts;
        this.answers = answers;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) throws Exception {
        challenge = clientHello != null && offersAcmeTls(clientHello);
        return super.lookup(ctx, clientHello);
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) throws Exception {
        if (!challenge) {
            return super.lookup(ctx, hostname);
        }
        String name = hostname == null ? "" : hostname;
        Promise<SslContext> promise = ctx.executor().newPromise();
        answers.alpnCertificate(name).whenComplete((certificate, error) -> {
            if (error != null) {
                promise.tryFailure(error);
            } else if (certificate.isEmpty()) {
                promise.tryFailure(new SSLException("acme-tls/1: no TLS-ALPN-01 challenge for \"" + name + "\""));
            } else {
                try {
                    promise.trySuccess(challengeContext(certificate.get()));
                } catch (SSLException | RuntimeException e) {
                    promise.tryFailure(e);
                }
            }
        });
        return promise;
    }

    private SslContext challengeContext(ServerCertificate certificate) throws SSLException {
        return SslContextBuilder.forServer(certificate.key(), certificate.chain())
                .sslProvider(contexts.engine().provider())
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ChallengeAnswers.ACME_TLS_1))
                .build();
    }

    /**
     * Whether the ClientHello body (RFC 8446 4.1.2: version, random, session id, suites,
     * compression, extensions) lists {@code acme-tls/1} in its ALPN extension. Bounds-checked: a
     * malformed hello is just "no".
     */
    static boolean offersAcmeTls(ByteBuf hello) {
        int offset = hello.readerIndex();
        int end = hello.writerIndex();
        offset += 34; // version + random
        if (offset + 1 > end) {
            return false;
        }
        offset += 1 + hello.getUnsignedByte(offset); // session id
        if (offset + 2 > end) {
            return false;
        }
        offset += 2 + hello.getUnsignedShort(offset); // cipher suites
        if (offset + 1 > end) {
            return false;
        }
        offset += 1 + hello.getUnsignedByte(offset); // compression methods
        if (offset + 2 > end) {
            return false;
        }
        int extensionsEnd = Math.min(end, offset + 2 + hello.getUnsignedShort(offset));
        offset += 2;
        while (offset + 4 <= extensionsEnd) {
            int type = hello.getUnsignedShort(offset);
            int length = hello.getUnsignedShort(offset + 2);
            offset += 4;
            if (offset + length > extensionsEnd) {
                return false;
            }
            if (type == EXTENSION_ALPN && length >= 2) {
                int listEnd = Math.min(offset + length, offset + 2 + hello.getUnsignedShort(offset));
                int p = offset + 2;
                while (p < listEnd) {
                    int n = hello.getUnsignedByte(p);
                    p++;
                    if (p + n > listEnd) {
                        return false;
                    }
                    if (n == ACME_TLS_1.length && matches(hello, p)) {
                        return true;
                    }
                    p += n;
                }
                return false;
            }
            offset += length;
        }
        return false;
    }

    private static boolean matches(ByteBuf hello, int at) {
        for (int i = 0; i < ACME_TLS_1.length; i++) {
            if (hello.getByte(at + i) != ACME_TLS_1[i]) {
                return false;
            }
        }
        return true;
    }
}
