package io.swarmedge.config.staticconfig;

/**
 * {@code accesslog}.
 *
 * @param filePath file to append to; empty = standard output
 * @param format common (Traefik's CLF variant) or JSON
 * @param bufferingSize lines kept in memory before writing (0 = write each line)
 */
public record AccessLog(boolean enabled, String filePath, Format format, int bufferingSize) {
    public static final AccessLog DISABLED = new AccessLog(false, "", Format.COMMON, 0);

    /** Access log line formats. */
    public enum Format {
        COMMON,
        JSON
    }
}
