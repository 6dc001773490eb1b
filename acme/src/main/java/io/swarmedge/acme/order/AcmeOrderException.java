package io.swarmedge.acme.order;

import java.time.Instant;
import java.util.Optional;

/**
 * The CA did not give us a certificate (refused, unreachable, a challenge failed). The message names
 * the resolver, the names ordered and, where the CA's answer points at one, the configuration key.
 */
public final class AcmeOrderException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean unreachable;
    private final Instant retryAfter;

    public AcmeOrderException(String message, boolean unreachable, Throwable cause) {
        this(message, unreachable, Optional.empty(), cause);
    }

    public AcmeOrderException(String message, boolean unreachable, Optional<Instant> retryAfter, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
        this.retryAfter = retryAfter.orElse(null);
    }

    /** Whether the CA could not be reached at all (network), as opposed to answering with an error. */
    public boolean unreachable() {
        return unreachable;
    }

    /** When the CA said we may try again (rate limits). */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
