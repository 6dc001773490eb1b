package io.swarmedge.acme.store;

import io.swarmedge.acme.DomainSet;

/** Where each kind of ACME state lives in a {@link CertificateStore}. */
public final class StoreLayout {
    /** Prefix of every certificate entry. */
    public static final String CERTIFICATES = "certificates/";

    private StoreLayout() {}

    /** The account of a resolver: its key, e-mail and location at the CA. */
    public static StoreKey account(String resolver) {
        return StoreKey.of("accounts", resolver);
    }

    /** The certificate of a resolver for a set of names. */
    public static StoreKey certificate(String resolver, DomainSet domains) {
        return StoreKey.of("certificates", resolver, domains.id());
    }

    /**
     * The key authorization answering an HTTP-01 token. Tokens are base64url and may start with
     * {@code -}, which a key segment may not: the prefix keeps every valid token storable.
     */
    public static StoreKey httpChallenge(String token) {
        return StoreKey.of("challenges", "http-01", "t_" + token);
    }

    /** The TLS-ALPN-01 validation certificate of a name. */
    public static StoreKey alpnChallenge(String domain) {
        return StoreKey.of("challenges", "tls-alpn-01", domain.replace('*', '_'));
    }

    /** The lock taken while ordering a certificate. */
    public static String orderLock(String resolver, DomainSet domains) {
        return "order." + resolver + "." + domains.id();
    }

    /** The lock taken while creating an account. */
    public static String accountLock(String resolver) {
        return "account." + resolver;
    }
}
