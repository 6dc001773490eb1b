package io.swarmedge.proxy.tls;

/** A TLS setting that cannot be used; the message names the configuration key. */
public final class TlsConfigurationException extends RuntimeException {
    /** Creates the exception with a message naming the key. */
    public TlsConfigurationException(String message) {
        super(message);
    }

    /** Creates the exception with a message naming the key and its cause. */
    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
