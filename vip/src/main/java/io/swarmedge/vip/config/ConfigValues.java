package io.swarmedge.vip.config;

import io.swarmedge.vip.os.VirtualAddress;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parsing of the small value types both configuration formats share. */
final class ConfigValues {
    private ConfigValues() {}

    /** An IP literal; never a DNS lookup. */
    static InetAddress address(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
        }
    }

    /** {@code ADDR[/PREFIX]}; a missing prefix means a host address, as in keepalived. */
    static VirtualAddress virtualAddress(String text, Optional<String> device, Optional<String> label, int scope) {
        int slash = text.indexOf('/');
        InetAddress address = address(slash < 0 ? text : text.substring(0, slash));
        int max = address.getAddress().length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\": prefix is not a number");
            }
        }
        return new VirtualAddress(address, prefix, device, label, scope);
    }

    /** Seconds as keepalived writes them ("1", "0.1"), to centiseconds. */
    static int secondsToCentis(String text) {
        try {
            BigDecimal centis = new BigDecimal(text).movePointRight(2);
            if (centis.signum() <= 0 || centis.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("\"" + text + "\" is not a positive multiple of 0.01 s");
            }
            return centis.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a number of seconds");
        }
    }

    /** A duration: "100ms", "1.5s", "2m", or a bare number of seconds. */
    static Duration duration(String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(new BigDecimal(t.substring(0, t.length() - 2)).longValueExact());
            }
            BigDecimal multiplier = BigDecimal.ONE;
            if (t.endsWith("s")) {
                t = t.substring(0, t.length() - 1);
            } else if (t.endsWith("m")) {
                t = t.substring(0, t.length() - 1);
                multiplier = BigDecimal.valueOf(60);
            }
            BigDecimal seconds = new BigDecimal(t).multiply(multiplier);
            if (seconds.signum() < 0) {
                throw new IllegalArgumentException("negative duration \"" + text + "\"");
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration (e.g. 100ms, 1s, 1.5s)");
        }
    }

    /** Splits a command line into words, honouring double and single quotes, as keepalived does. */
    static List<String> words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : commandLine.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in \"" + commandLine + "\"");
        }
        if (inWord) {
            words.add(current.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return words;
    }
}
