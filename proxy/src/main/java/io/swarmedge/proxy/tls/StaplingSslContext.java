package io.swarmedge.proxy.tls;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.swarmedge.proxy.tls.ocsp.Staple;
import javax.net.ssl.SSLEngine;

/**
 * A server context whose engines carry the certificate's current OCSP answer: BoringSSL sends it
 * to clients that ask ({@code status_request}) and to no one else. Nothing waits: an engine made
 * before the first answer arrives simply staples nothing.
 */
final class StaplingSslContext extends DelegatingSslContext {
    private final Staple staple;

    StaplingSslContext(SslContext context, Staple staple) {
        super(context);
        this.staple = staple;
    }

    @Override
    protected void initEngine(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            byte[] response = staple.response(System.currentTimeMillis());
            if (response != null) {
                openSsl.setOcspResponse(response);
            }
        }
    }
}
