package io.swarmedge.config.dynamic;

/**
 * A source that cannot be read at all (YAML syntax error, too large, duplicate keys): nothing from
 * it can be trusted, so callers keep the last good version of that source.
 */
public final class ConfigSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ConfigError error;

    public ConfigSyntaxException(ConfigError error) {
        super(error.toString());
        this.error = error;
    }

    /** The error, naming the source and line. */
    public ConfigError error() {
        return error;
    }
}
