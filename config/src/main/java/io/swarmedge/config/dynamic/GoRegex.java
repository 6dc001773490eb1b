package io.swarmedge.config.dynamic;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the regular expressions Traefik users write (Go's RE2 syntax) with {@link Pattern}. The
 * only syntax difference that matters in practice is Go's {@code (?P<name>...)} named group, which
 * is rewritten to Java's {@code (?<name>...)}. The configuration keeps the source text; the data
 * plane compiles with this class so validation and use agree.
 */
public final class GoRegex {
    /** Longest expression accepted: a limit against hostile configuration. */
    public static final int MAX_LENGTH = 4096;

    private GoRegex() {}

    /**
     * Compiles a Go-syntax expression.
     *
     * @throws PatternSyntaxException when it is invalid or too long
     */
    public static Pattern compile(String goRegex) {
        if (goRegex.length() > MAX_LENGTH) {
            throw new PatternSyntaxException("longer than " + MAX_LENGTH + " characters", goRegex, -1);
        }
        return Pattern.compile(toJava(goRegex));
    }

    /** Rewrites Go-only syntax to Java's. */
    public static String toJava(String goRegex) {
        return goRegex.replace("(?P<", "(?<");
    }
}
