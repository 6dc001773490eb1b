package io.swarmedge.whoami;

import java.util.OptionalInt;

/** The status codes {@code /health} may be set to, and parsing of the runtime {@code POST /health} body. */
final class HealthStatus {
    static final int MIN = 200;
    static final int MAX = 599;

    private HealthStatus() {}

    static int check(int status) {
        if (status < MIN || status > MAX) {
            throw new IllegalArgumentException("health status must be within " + MIN + ".." + MAX + ", got " + status);
        }
        return status;
    }

    /** Parses a body such as {@code "500"} or {@code "200\n"}; empty when it is not a status in range. */
    static OptionalInt parse(CharSequence body) {
        String text = body.toString().strip();
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        int status = Integer.parseInt(text);
        return status < MIN || status > MAX ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
