package io.swarmedge.proxy.tls.ocsp;

import java.util.Optional;

/**
 * The OCSP answer currently stapled for one certificate. Written by the background refresh, read
 * by every handshake: one volatile snapshot, no locks.
 */
public final class Staple {
    private record Current(OcspAnswer answer, byte[] encoded, long expiresAtMillis) {}

    private final OcspTarget target;
    private volatile Current current;

    Staple(OcspTarget target) {
        this.target = target;
    }

    /** The certificate, issuer and responder. */
    public OcspTarget target() {
        return target;
    }

    /** The DER response to staple now, or null when there is none valid. Called per handshake. */
    public byte[] response(long nowMillis) {
        Current c = current;
        return c != null && nowMillis < c.expiresAtMillis ? c.encoded : null;
    }

    /** The last validated answer, even if expired. */
    public Optional<OcspAnswer> answer() {
        Current c = current;
        return c == null ? Optional.empty() : Optional.of(c.answer);
    }

    void update(OcspAnswer answer) {
        current = new Current(answer, answer.encoded(), answer.nextUpdate().toEpochMilli());
    }

    void clear() {
        current = null;
    }
}
