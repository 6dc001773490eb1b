package io.swarmedge.acme.renewal;

import io.swarmedge.acme.Demand;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one demanded certificate stands, for health, metrics and {@code swarmedge doctor}.
 *
 * @param demand the certificate demanded
 * @param state what is served
 * @param failures failed orders in a row (0 once an order succeeds)
 * @param caUnreachable the last failure was the CA not answering
 * @param lastError the last failure's message, or empty
 * @param orderedElsewhere another replica holds the order lock (we wait for its result in the store)
 */
public record CertificateStatus(
        Demand demand,
        State state,
        int failures,
        boolean caUnreachable,
        String lastError,
        boolean orderedElsewhere,
        Times times) {
    /** What is served for a demand. */
    public enum State {
        /** No certificate yet (ordering, or failing to). */
        MISSING,
        /** A certificate before its renewal window. */
        VALID,
        /** A certificate in its renewal window, still valid. */
        RENEWAL_DUE,
        /** A certificate past its expiry, still served because no new one could be obtained. */
        EXPIRED
    }

    /**
     * The moments that matter; absent ones are {@link Instant#MIN}.
     *
     * @param notAfter expiry of the served certificate
     * @param renewAt start of its renewal
     * @param nextAttempt earliest next order after a failure
     */
    public record Times(Instant notAfter, Instant renewAt, Instant nextAttempt) {
        public static final Times NONE = new Times(Instant.MIN, Instant.MIN, Instant.MIN);
    }

    /** Expiry of the served certificate. */
    public Optional<Instant> notAfter() {
        return present(times.notAfter());
    }

    /** When renewal starts. */
    public Optional<Instant> renewAt() {
        return present(times.renewAt());
    }

    /** Earliest next order after failures. */
    public Optional<Instant> nextAttempt() {
        return present(times.nextAttempt());
    }

    private static Optional<Instant> present(Instant instant) {
        return instant.equals(Instant.MIN) ? Optional.empty() : Optional.of(instant);
    }
}
