package io.swarmedge.acme.challenge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.Pem;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts challenge answers where every replica's {@link ChallengeResponder} finds them (the shared
 * store), and takes them away once the CA has validated. Blocking.
 */
public final class ChallengePublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CertificateStore store;

    public ChallengePublisher(CertificateStore store) {
        this.store = store;
    }

    /** Publishes the key authorization answering {@code /.well-known/acme-challenge/<token>}. */
    public void publishHttp(String token, String keyAuthorization) {
        store.store(StoreLayout.httpChallenge(token), keyAuthorization.getBytes(StandardCharsets.US_ASCII));
    }

    /** Withdraws an HTTP-01 answer. */
    public void withdrawHttp(String token) {
        store.delete(StoreLayout.httpChallenge(token));
    }

    /** Publishes the TLS-ALPN-01 validation certificate of a name. */
    public void publishAlpn(AlpnCertificate answer) {
        ObjectNode node = JSON.createObjectNode();
        node.put("domain", answer.domain());
        node.put("certificate", Pem.write(answer.certificate()));
        node.put("key", Pem.write(answer.key()));
        try {
            store.store(StoreLayout.alpnChallenge(answer.domain()), JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Withdraws a TLS-ALPN-01 answer. */
    public void withdrawAlpn(String domain) {
        store.delete(StoreLayout.alpnChallenge(domain));
    }
}
