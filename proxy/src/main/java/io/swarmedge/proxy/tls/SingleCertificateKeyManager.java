package io.swarmedge.proxy.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding one certificate and offering it whatever key type the engine asks for.
 *
 * <p>Netty's OpenSSL glue asks for a key by the authentication methods of the configured TLS 1.2
 * suites even for a TLS 1.3 handshake, so an EC certificate with the seed's ECDHE-RSA list would
 * fail every TLS 1.3 handshake with {@code internal_error}. Offering the one key lets BoringSSL
 * decide: any key for TLS 1.3, and for TLS 1.2 only the suites the key can serve.
 */
final class SingleCertificateKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "server";

    private final ServerCertificate certificate;

    SingleCertificateKeyManager(ServerCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? certificate.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? certificate.key() : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
