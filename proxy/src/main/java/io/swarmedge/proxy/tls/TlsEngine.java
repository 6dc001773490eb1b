package io.swarmedge.proxy.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** The TLS implementation: BoringSSL through netty-tcnative where it loads, else the JDK's. */
public enum TlsEngine {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    private final SslProvider provider;

    TlsEngine(SslProvider provider) {
        this.provider = provider;
    }

    /** Netty's provider. */
    public SslProvider provider() {
        return provider;
    }

    /** BoringSSL when netty-tcnative is usable on this machine, else the JDK. */
    public static TlsEngine preferred() {
        return OpenSsl.isAvailable() ? OPENSSL : JDK;
    }

    /** True when this engine can run here. */
    public boolean isAvailable() {
        return this == JDK || OpenSsl.isAvailable();
    }
}
