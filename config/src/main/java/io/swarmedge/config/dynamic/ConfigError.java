package io.swarmedge.config.dynamic;

/**
 * One problem found in a configuration source. The object it concerns was left out; everything
 * else from the source is kept.
 *
 * @param source where the input came from: a file name, {@code service "wp" label "..."}, or
 *     {@code provider file}
 * @param line 1-based line in the source, 0 when unknown
 * @param key the key path of the offending object or value (e.g. {@code http.routers.wp.rule}),
 *     {@code ""} when the source already names it
 * @param message what is wrong, naming the object
 */
public record ConfigError(String source, int line, String key, String message) {

    /** Renders as {@code dynamic.yml:14: http.middlewares.x: unknown middleware type ...}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
        }
        if (!key.isEmpty()) {
            text.append(": ").append(key);
        }
        return text.append(": ").append(message).toString();
    }
}
