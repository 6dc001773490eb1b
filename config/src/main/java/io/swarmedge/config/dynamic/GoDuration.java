package io.swarmedge.config.dynamic;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Traefik reads them in dynamic configuration (negative allowed, e.g. a {@code
 * flushInterval} of {@code -1ms} flushes at once): Go's syntax ({@code 1m30s}, {@code 1.5h}, {@code 100ms},
 * {@code -1s}) or a plain number of seconds ({@code 10}).
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern SECONDS = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final int MAX_LENGTH = 64;

    private GoDuration() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        try {
            if (SECONDS.matcher(s).matches()) {
                return nanos(new BigDecimal(s).movePointRight(9));
            }
            boolean negative = s.startsWith("-");
            String body = negative || s.startsWith("+") ? s.substring(1) : s;
            if (body.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = PART.matcher(body);
            BigDecimal total = BigDecimal.ZERO;
            int at = 0;
            while (at < body.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException(
                            "invalid duration \"" + text + "\" (use Go syntax like 10s, 1m30s, 250ms, or seconds)");
                }
                total = total.add(new BigDecimal(m.group(1)).multiply(unitNanos(m.group(2))));
                at = m.end();
            }
            return nanos(negative ? total.negate() : total);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"", e);
        }
    }

    private static Duration nanos(BigDecimal nanos) {
        return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.DOWN).longValueExact());
    }

    private static BigDecimal unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> BigDecimal.ONE;
            case "us", "µs", "μs" -> BigDecimal.valueOf(1_000L);
            case "ms" -> BigDecimal.valueOf(1_000_000L);
            case "s" -> BigDecimal.valueOf(1_000_000_000L);
            case "m" -> BigDecimal.valueOf(60_000_000_000L);
            case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
