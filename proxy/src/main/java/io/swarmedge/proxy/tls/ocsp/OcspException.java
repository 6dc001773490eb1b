package io.swarmedge.proxy.tls.ocsp;

/** A responder could not be asked, or its answer cannot be stapled; the message says why. */
public final class OcspException extends Exception {
    public OcspException(String message) {
        super(message);
    }

    public OcspException(String message, Throwable cause) {
        super(message, cause);
    }
}
