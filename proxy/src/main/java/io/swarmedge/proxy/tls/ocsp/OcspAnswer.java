package io.swarmedge.proxy.tls.ocsp;

import java.time.Instant;
import java.util.Arrays;

/**
 * A responder's answer that passed validation, ready to staple.
 *
 * @param encoded the whole DER {@code OCSPResponse}, as stapled
 * @param status what it says about the certificate
 * @param thisUpdate when the responder vouched for it
 * @param nextUpdate until when it may be served (the response's {@code nextUpdate}, or {@link
 *     OcspResponses#WITHOUT_NEXT_UPDATE} after {@code thisUpdate} when it has none)
 */
public record OcspAnswer(byte[] encoded, OcspStatus status, Instant thisUpdate, Instant nextUpdate) {
    public OcspAnswer {
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** True while it may still be stapled. */
    public boolean validAt(Instant now) {
        return now.isBefore(nextUpdate);
    }

    /** Halfway between {@code thisUpdate} and {@code nextUpdate}: when to ask again. */
    public Instant halfway() {
        return thisUpdate.plus(
                java.time.Duration.between(thisUpdate, nextUpdate).dividedBy(2));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OcspAnswer a
                && Arrays.equals(encoded, a.encoded)
                && status == a.status
                && thisUpdate.equals(a.thisUpdate)
                && nextUpdate.equals(a.nextUpdate);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "OcspAnswer[status=" + status + ", thisUpdate=" + thisUpdate + ", nextUpdate=" + nextUpdate + "]";
    }
}
