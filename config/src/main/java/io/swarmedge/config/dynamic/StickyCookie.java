package io.swarmedge.config.dynamic;

/**
 * Sticky sessions by cookie ({@code sticky.cookie}).
 *
 * @param enabled false for {@link #NONE}
 * @param name cookie name (Traefik derives a default from the service name when empty)
 * @param secure Secure attribute
 * @param httpOnly HttpOnly attribute
 * @param sameSite {@code none}, {@code lax}, {@code strict} or empty
 * @param maxAge Max-Age in seconds; 0 = session cookie, negative = expire now
 * @param path Path attribute (default {@code /})
 * @param domain Domain attribute or empty
 */
public record StickyCookie(
        boolean enabled,
        String name,
        boolean secure,
        boolean httpOnly,
        String sameSite,
        int maxAge,
        String path,
        String domain) {
    public static final StickyCookie NONE = new StickyCookie(false, "", false, false, "", 0, "/", "");
}
