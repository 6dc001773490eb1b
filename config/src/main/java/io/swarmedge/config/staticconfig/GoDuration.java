package io.swarmedge.config.staticconfig;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as Traefik writes them: Go's syntax ({@code 10s}, {@code 1m30s}, {@code 100ms}, {@code
 * 1.5h}, {@code 250us}) or a bare number of seconds ({@code 10}, {@code 2.5}), as Traefik's own
 * duration type accepts.
 */
public final class GoDuration {
    private GoDuration() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException when the text is not a duration, or is negative
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("negative duration \"" + text + "\"");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
            return ofNanos(number(s, text).multiply(BigDecimal.valueOf(1_000_000_000L)), text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            BigDecimal value = number(s.substring(start, i), text);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "" -> throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
                default ->
                    throw new IllegalArgumentException("unknown unit \"" + s.substring(unitStart, i)
                            + "\" in duration \"" + text + "\" (use ns, us, ms, s, m, h)");
            };
            nanos = nanos.add(value.multiply(BigDecimal.valueOf(unit)));
        }
        return ofNanos(nanos, text);
    }

    private static BigDecimal number(String digits, String text) {
        if (digits.isEmpty() || digits.equals(".") || digits.indexOf('.') != digits.lastIndexOf('.')) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        return new BigDecimal(digits);
    }

    private static Duration ofNanos(BigDecimal nanos, String text) {
        // Go's time.Duration is an int64 of nanoseconds: about 292 years
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Formats like Go ({@code 1m30s}, {@code 100ms}, {@code 0s}). */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long nanos = d.toNanos();
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return nanos / 1_000_000L + "ms";
            }
            if (nanos % 1_000L == 0) {
                return nanos / 1_000L + "us";
            }
            return nanos + "ns";
        }
        StringBuilder b = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart())
                .add(BigDecimal.valueOf(d.toNanosPart(), 9))
                .stripTrailingZeros();
        b.append(seconds.toPlainString()).append('s');
        return b.toString();
    }
}
