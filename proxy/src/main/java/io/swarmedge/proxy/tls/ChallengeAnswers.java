package io.swarmedge.proxy.tls;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers to an ACME CA's validation requests, supplied from outside the proxy (the {@code acme}
 * module, adapted by the {@code proxy} command), so the data plane does not depend on an ACME
 * client. Answers may need a store read: they come back as futures, never blocking an event loop.
 */
public interface ChallengeAnswers {
    /** Path prefix of HTTP-01 requests. */
    String HTTP_PATH_PREFIX = "/.well-known/acme-challenge/";

    /**
     * The key authorization for an HTTP-01 request.
     *
     * @param path the request path, starting with {@link #HTTP_PATH_PREFIX}
     * @return empty when no challenge has this token
     */
    CompletableFuture<Optional<String>> httpAnswer(String path);

    /**
     * The TLS-ALPN-01 validation certificate (RFC 8737) for a name, served when a ClientHello
     * offers ALPN {@value #ACME_TLS_1}.
     *
     * @return empty when no challenge is pending for the name
     */
    default CompletableFuture<Optional<ServerCertificate>> alpnCertificate(String serverName) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The ALPN protocol of TLS-ALPN-01. */
    String ACME_TLS_1 = "acme-tls/1";
}
