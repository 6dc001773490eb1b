package io.swarmedge.proxy.tls;

import io.netty.handler.ssl.ClientAuth;

/**
 * Traefik's {@code clientAuth.clientAuthType} values (Go's {@code tls.ClientAuthType}): whether a
 * client certificate is asked for, required, and verified against the configured CAs.
 */
public enum ClientAuthMode {
    NO_CLIENT_CERT("NoClientCert", ClientAuth.NONE, false),
    REQUEST_CLIENT_CERT("RequestClientCert", ClientAuth.OPTIONAL, false),
    REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", ClientAuth.REQUIRE, false),
    VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", ClientAuth.OPTIONAL, true),
    REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", ClientAuth.REQUIRE, true);

    private final String traefikName;
    private final ClientAuth nettyMode;
    private final boolean verifies;

    ClientAuthMode(String traefikName, ClientAuth nettyMode, boolean verifies) {
        this.traefikName = traefikName;
        this.nettyMode = nettyMode;
        this.verifies = verifies;
    }

    /** Netty's setting. */
    public ClientAuth nettyMode() {
        return nettyMode;
    }

    /** True when certificates are checked against the configured CAs. */
    public boolean verifies() {
        return verifies;
    }

    /**
     * Parses Traefik's name; empty means {@code NoClientCert}.
     *
     * @throws TlsConfigurationException for an unknown name
     */
    public static ClientAuthMode parse(String key, String value) {
        if (value.isEmpty()) {
            return NO_CLIENT_CERT;
        }
        for (ClientAuthMode m : values()) {
            if (m.traefikName.equals(value)) {
                return m;
            }
        }
        throw new TlsConfigurationException(key + ": unknown client auth type \"" + value + "\"");
    }
}
