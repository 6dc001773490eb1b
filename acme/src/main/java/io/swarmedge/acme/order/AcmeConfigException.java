package io.swarmedge.acme.order;

/** A certificate resolver's settings cannot be used; the message names the configuration key. */
public final class AcmeConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AcmeConfigException(String message) {
        super(message);
    }

    public AcmeConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
