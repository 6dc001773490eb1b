package io.swarmedge.config.staticconfig;

/**
 * {@code log}: application log settings.
 *
 * @param level TRACE, DEBUG, INFO, WARN, ERROR (Traefik also says PANIC/FATAL → ERROR)
 * @param format common or json
 * @param filePath file to write to; empty = standard error
 */
public record Log(String level, String format, String filePath) {
    public static final Log DEFAULT = new Log("INFO", "common", "");
}
