package io.swarmedge.config.dynamic;

/** Thrown while decoding one object: the object is left out and the error reported. */
final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Node at;

    DecodeException(Node at, String message) {
        super(message, null, false, false);
        this.at = at;
    }

    ConfigError toError() {
        return new ConfigError(at.source(), at.line(), at.path(), getMessage());
    }
}
