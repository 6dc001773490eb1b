package io.swarmedge.acme.challenge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swarmedge.acme.Pem;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.StoreKey;
import io.swarmedge.acme.store.StoreLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts challenge answers where every replica's {@link ChallengeResponder} finds them (the shared
 * store), and takes them away once the CA has validated. Blocking.
 */
public final class ChallengePublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger LOG = LoggerFactory.getLogger(ChallengePublisher.class);

    private final CertificateStore store;
    private final Clock clock;

    public ChallengePublisher(CertificateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Publishes the key authorization answering {@code /.well-known/acme-challenge/<token>}. */
    public void publishHttp(String token, String keyAuthorization) {
        ObjectNode node = JSON.createObjectNode();
        node.put("keyAuthorization", keyAuthorization);
        node.put("publishedAt", clock.instant().toString());
        write(StoreLayout.httpChallenge(token), node);
    }

    /**
     * Deletes answers published longer than {@code maxAge} ago: those of a replica that died while
     * ordering (the CA gives up on a challenge within minutes). Unreadable answers go too: an answer
     * nobody can use is worth nothing.
     *
     * @return how many were deleted
     */
    public int sweep(Duration maxAge) {
        Instant oldest = clock.instant().minus(maxAge);
        int deleted = 0;
        for (StoreKey key : store.list("challenges/")) {
            Instant published;
            try {
                published = store.load(key).map(ChallengePublisher::publishedAt).orElse(Instant.MAX);
            } catch (RuntimeException e) {
                published = Instant.MIN;
            }
            if (published.isBefore(oldest)) {
                store.delete(key);
                deleted++;
                LOG.info(
                        "event=challenge-swept entry={} publishedAt={}",
                        key,
                        published.equals(Instant.MIN) ? "unreadable" : published);
            }
        }
        return deleted;
    }

    private static Instant publishedAt(byte[] value) {
        try {
            return Instant.parse(JSON.readTree(value).path("publishedAt").asText());
        } catch (IOException | RuntimeException e) {
            return Instant.MIN;
        }
    }

    private void write(StoreKey key, ObjectNode node) {
        try {
            store.store(key, JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        node.put("publishedAt", clock.instant().toString());
        write(StoreLayout.alpnChallenge(answer.domain()), node);
    }

    /** Withdraws a TLS-ALPN-01 answer. */
    public void withdrawAlpn(String domain) {
        store.delete(StoreLayout.alpnChallenge(domain));
    }
}
