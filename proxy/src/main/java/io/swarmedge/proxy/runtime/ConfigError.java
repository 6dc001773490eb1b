package io.swarmedge.proxy.runtime;

/**
 * A piece of the dynamic configuration that could not be compiled and was left out.
 *
 * @param kind {@code router}, {@code service}, {@code middleware} or {@code entrypoint}
 * @param name the qualified name of the object
 * @param message what is wrong
 */
public record ConfigError(String kind, String name, String message) {
    @Override
    public String toString() {
        return kind + " \"" + name + "\": " + message;
    }
}
