package io.swarmedge.acme.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmedge.acme.Pem;
import io.swarmedge.acme.store.CertificateStore;
import io.swarmedge.acme.store.StoreException;
import io.swarmedge.acme.store.StoreLayout;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the CA's validation requests on any replica, from the answers the ordering replica published
 * in the shared store.
 *
 * <ul>
 *   <li>HTTP-01: for {@code GET /.well-known/acme-challenge/<token>} on the HTTP challenge entrypoint,
 *       answer {@code 200 text/plain} with {@link #httpAnswer(String)}, or 404 when it is empty.
 *   <li>TLS-ALPN-01: when a TLS client offers ALPN {@code acme-tls/1}, serve {@link
 *       #alpnCertificate(String)} for its SNI name, negotiate {@code acme-tls/1} and close after the
 *       handshake.
 * </ul>
 *
 * <p>Both methods read the store and so block: call them from a virtual thread, not an event loop.
 * Malformed tokens and names are answered with empty without touching the store, so scanners cannot
 * make the store work.
 */
public final class ChallengeResponder {
    /** Where HTTP-01 requests arrive. */
    public static final String HTTP_PATH_PREFIX = "/.well-known/acme-challenge/";

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeResponder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    private static final Executor VIRTUAL =
            task -> Thread.ofVirtual().name("acme-challenge").start(task);

    private final CertificateStore store;

    public ChallengeResponder(CertificateStore store) {
        this.store = store;
    }

    /** The key authorization for an HTTP-01 token, if one is published. */
    public Optional<String> httpAnswer(String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> entry = store.load(StoreLayout.httpChallenge(token));
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(entry.get());
            String answer = node.path("keyAuthorization").asText("");
            // a key authorization is "<token>.<thumbprint>": anything else is not ours to serve
            return answer.startsWith(token + ".") && answer.length() <= 256 ? Optional.of(answer) : Optional.empty();
        } catch (StoreException | IOException e) {
            LOG.warn("event=challenge-unreadable kind=http-01 token={} error=\"{}\"", token, e.getMessage());
            return Optional.empty();
        }
    }

    /** The answer to {@code GET path} when it is an HTTP-01 request, if one is published. */
    public Optional<String> httpAnswerForPath(String path) {
        if (!path.startsWith(HTTP_PATH_PREFIX)) {
            return Optional.empty();
        }
        return httpAnswer(path.substring(HTTP_PATH_PREFIX.length()));
    }

    /**
     * {@link #httpAnswerForPath(String)} on a virtual thread, for callers that must not block (a Netty
     * handler completes its response when the future does).
     */
    public CompletableFuture<Optional<String>> httpAnswerForPathAsync(String path) {
        return CompletableFuture.supplyAsync(() -> httpAnswerForPath(path), VIRTUAL);
    }

    /**
     * {@link #alpnCertificate(String)} on a virtual thread, for a TLS engine choosing its certificate
     * without blocking (e.g. Netty's {@code SniHandler} with an async mapping).
     */
    public CompletableFuture<Optional<AlpnCertificate>> alpnCertificateAsync(String serverName) {
        return CompletableFuture.supplyAsync(() -> alpnCertificate(serverName), VIRTUAL);
    }

    /** The TLS-ALPN-01 validation certificate of {@code serverName}, if one is published. */
    public Optional<AlpnCertificate> alpnCertificate(String serverName) {
        String name = serverName.toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> entry = store.load(StoreLayout.alpnChallenge(name));
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(entry.get());
            X509Certificate certificate =
                    Pem.certificates(node.path("certificate").asText()).getFirst();
            PrivateKey key = Pem.privateKey(node.path("key").asText());
            return Optional.of(new AlpnCertificate(name, certificate, key));
        } catch (StoreException | IOException | IllegalArgumentException e) {
            LOG.warn("event=challenge-unreadable kind=tls-alpn-01 domain={} error=\"{}\"", name, e.getMessage());
            return Optional.empty();
        }
    }
}
