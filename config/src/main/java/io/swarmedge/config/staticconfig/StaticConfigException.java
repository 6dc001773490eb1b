package io.swarmedge.config.staticconfig;

import java.util.List;

/**
 * A static configuration that cannot be used. {@link #errors()} lists every problem found (not just
 * the first), each naming the key as the user wrote it and where it came from; the message has one
 * problem per line.
 */
public final class StaticConfigException extends Exception {
    private final List<String> errors;

    public StaticConfigException(List<String> errors) {
        super(
                errors.size() == 1
                        ? errors.getFirst()
                        : errors.size() + " errors in the static configuration:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem, one sentence each. */
    public List<String> errors() {
        return errors;
    }
}
