package io.swarmedge.lab;

/** The lab could not do what was asked (a command failed or timed out); the message says which. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
