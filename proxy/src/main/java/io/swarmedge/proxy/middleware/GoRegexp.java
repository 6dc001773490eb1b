package io.swarmedge.proxy.middleware;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written in Go's RE2 syntax (as Traefik configurations are), compiled once
 * into a {@link Pattern} with Go's matching and replacement semantics.
 *
 * <p>Go-only syntax is translated ({@code (?P<name>…)}, POSIX classes, literal {@code [} {@code &}
 * {@code {} where Go reads them literally); constructs RE2 rejects (look-around, back-references,
 * possessive quantifiers, atomic groups) are rejected here too, so a configuration means the same
 * thing in both. RE2 never backtracks but {@link Pattern} may, so every match runs on a budget of
 * character reads: a hostile URL against a pathological expression costs a bounded amount of CPU and
 * is treated as not matching.
 */
final class GoRegexp {
    /**
     * Character reads allowed per match operation: about 10 ms of backtracking at worst, while a
     * sane expression on a 4 KiB path needs a few thousand.
     */
    static final int READ_BUDGET = 250_000;

    /** Go's limit on a repetition count ({@code {n,m}}). */
    private static final int MAX_REPEAT = 1000;

    private final String source;
    private final Pattern pattern;
    private final Map<String, Integer> groupNames;
    private final int groupCount;

    private GoRegexp(String source, Pattern pattern, Map<String, Integer> groupNames, int groupCount) {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = Map.copyOf(groupNames);
        this.groupCount = groupCount;
    }

    /**
     * Compiles a Go expression.
     *
     * @throws IllegalArgumentException naming the problem and its column (1-based)
     */
    static GoRegexp compile(String source) {
        Translation t = new Translation(source);
        String java = t.translate();
        try {
            Pattern pattern = Pattern.compile(java, Pattern.UNIX_LINES);
            return new GoRegexp(source, pattern, t.names, pattern.matcher("").groupCount());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression `" + source + "`: " + e.getDescription());
        }
    }

    String source() {
        return source;
    }

    int groupCount() {
        return groupCount;
    }

    /** The group number of a named group. */
    Optional<Integer> group(String name) {
        return Optional.ofNullable(groupNames.get(name));
    }

    /**
     * Go's {@code MatchString}: a match anywhere.
     *
     * @throws ReadBudgetExceeded when the match would cost more than {@link #READ_BUDGET} reads
     */
    boolean find(String input) {
        return pattern.matcher(new BudgetedText(input)).find();
    }

    /**
     * The end of a match that starts at index 0 (Go's leftmost match when it begins at 0), or -1.
     *
     * @throws ReadBudgetExceeded when the match would cost too much
     */
    int prefixMatchEnd(String input) {
        Matcher m = pattern.matcher(new BudgetedText(input));
        return m.lookingAt() ? m.end() : -1;
    }

    /**
     * Go's {@code ReplaceAllString}: every non-overlapping match replaced by the expanded template;
     * an empty match right after a previous match is not replaced (Go's rule, unlike Java's).
     *
     * @throws ReadBudgetExceeded when matching would cost too much
     */
    String replaceAll(String input, GoTemplate template) {
        Matcher m = pattern.matcher(new BudgetedText(input));
        StringBuilder out = null;
        int lastMatchEnd = 0;
        int searchPos = 0;
        int end = input.length();
        while (searchPos <= end && m.find(searchPos)) {
            if (out == null) {
                out = new StringBuilder(input.length() + 32);
            }
            out.append(input, lastMatchEnd, m.start());
            if (m.end() > lastMatchEnd || m.start() == 0) {
                template.expand(m, input, out);
            }
            lastMatchEnd = m.end();
            int width = searchPos < end ? Character.charCount(input.codePointAt(searchPos)) : 1;
            searchPos = searchPos + width > m.end() ? searchPos + width : m.end();
        }
        if (out == null) {
            return input;
        }
        out.append(input, lastMatchEnd, end);
        return out.toString();
    }

    /** Thrown when a match exceeds its read budget. */
    static final class ReadBudgetExceeded extends RuntimeException {
        ReadBudgetExceeded() {
            super("regular expression read budget exceeded", null, false, false);
        }
    }

    /** The input as the matcher sees it, counting reads. */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private int remaining = READ_BUDGET;

        BudgetedText(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (--remaining < 0) {
                throw new ReadBudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Go RE2 syntax to java.util.regex syntax, one pass. */
    private static final class Translation {
        private final String src;
        private final StringBuilder out = new StringBuilder();
        private final Map<String, Integer> names = new HashMap<>();
        private int groups;
        private int i;

        Translation(String src) {
            this.src = src;
        }

        String translate() {
            boolean afterQuantifier = false;
            while (i < src.length()) {
                char c = src.charAt(i);
                boolean quantifier = false;
                switch (c) {
                    case '\\' -> escape(false);
                    case '[' -> charClass();
                    case '(' -> group();
                    case '{' -> {
                        int close = repetitionEnd(i);
                        if (close < 0) {
                            out.append("\\{");
                            i++;
                        } else {
                            out.append(src, i, close + 1);
                            i = close + 1;
                            quantifier = true;
                        }
                    }
                    case '*', '+', '?' -> {
                        if (afterQuantifier && c == '+') {
                            throw error("invalid nested repetition operator `" + src.charAt(i - 1) + "+`");
                        }
                        if (afterQuantifier && c != '?') {
                            throw error("invalid nested repetition operator");
                        }
                        // '?' after a quantifier makes it lazy, as in Go; it ends the quantifier
                        quantifier = !afterQuantifier;
                        out.append(c);
                        i++;
                    }
                    default -> {
                        out.append(c);
                        i++;
                    }
                }
                afterQuantifier = quantifier;
            }
            return out.toString();
        }

        private void escape(boolean inClass) {
            if (i + 1 >= src.length()) {
                throw error("trailing backslash at end of expression");
            }
            char n = src.charAt(i + 1);
            if (n == 'Q') {
                int end = src.indexOf("\\E", i + 2);
                int stop = end < 0 ? src.length() : end + 2;
                out.append(src, i, stop);
                if (end < 0) {
                    out.append("\\E");
                }
                i = stop;
                return;
            }
            if ((n >= '1' && n <= '9') || "kGZRXhHK".indexOf(n) >= 0) {
                throw error("invalid escape sequence `\\" + n + "`");
            }
            if (n == 'v') {
                out.append("\\x0B");
            } else if (n == 'C') {
                throw error("invalid escape sequence `\\C`");
            } else {
                out.append('\\').append(n);
            }
            i += 2;
        }

        private void charClass() {
            out.append('[');
            i++;
            if (i < src.length() && src.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            // a ']' first in a class is a literal in Go
            if (i < src.length() && src.charAt(i) == ']') {
                out.append("\\]");
                i++;
            }
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == ']') {
                    out.append(']');
                    i++;
                    return;
                }
                if (c == '\\') {
                    escape(true);
                } else if (c == '[' && src.startsWith("[:", i)) {
                    posixClass();
                } else if (c == '[' || c == '&') {
                    // literal in Go; nesting / intersection in Java
                    out.append('\\').append(c);
                    i++;
                } else {
                    out.append(c);
                    i++;
                }
            }
            throw error("missing closing ]");
        }

        private void posixClass() {
            int end = src.indexOf(":]", i + 2);
            if (end < 0) {
                out.append("\\[");
                i++;
                return;
            }
            String name = src.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String base = negated ? name.substring(1) : name;
            String java = switch (base) {
                case "alnum" -> "Alnum";
                case "alpha" -> "Alpha";
                case "ascii" -> "ASCII";
                case "blank" -> "Blank";
                case "cntrl" -> "Cntrl";
                case "digit" -> "Digit";
                case "graph" -> "Graph";
                case "lower" -> "Lower";
                case "print" -> "Print";
                case "punct" -> "Punct";
                case "space" -> "Space";
                case "upper" -> "Upper";
                case "word" -> "word";
                case "xdigit" -> "XDigit";
                default -> throw error("invalid character class range `[:" + name + ":]`");
            };
            if (java.equals("word")) {
                out.append(negated ? "\\W" : "\\w");
            } else {
                out.append(negated ? "\\P{" : "\\p{").append(java).append('}');
            }
            i = end + 2;
        }

        private void group() {
            if (!src.startsWith("(?", i)) {
                groups++;
                out.append('(');
                i++;
                return;
            }
            if (src.startsWith("(?P<", i)
                    || (src.startsWith("(?<", i) && !src.startsWith("(?<=", i) && !src.startsWith("(?<!", i))) {
                int nameStart = src.indexOf('<', i) + 1;
                int nameEnd = src.indexOf('>', nameStart);
                if (nameEnd < 0) {
                    throw error("invalid named capture");
                }
                String name = src.substring(nameStart, nameEnd);
                if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || Character.isLetterOrDigit(ch))) {
                    throw error("invalid named capture `" + name + "`");
                }
                groups++;
                if (names.putIfAbsent(name, groups) != null) {
                    throw error("duplicate capture group name `" + name + "`");
                }
                // plain group in Java: names are resolved by number, so Go's names (underscores,
                // leading digits) need no Java equivalent
                out.append('(');
                i = nameEnd + 1;
                return;
            }
            int j = i + 2;
            while (j < src.length() && "imsU-".indexOf(src.charAt(j)) >= 0) {
                if (src.charAt(j) == 'U') {
                    throw error("the ungreedy flag (?U) is not supported");
                }
                j++;
            }
            if (j < src.length() && (src.charAt(j) == ')' || src.charAt(j) == ':')) {
                out.append(src, i, j + 1);
                i = j + 1;
                return;
            }
            throw error("invalid or unsupported Perl syntax `" + src.substring(i, Math.min(src.length(), i + 4)) + "`");
        }

        /** Index of the '}' of a valid {n}, {n,} or {n,m} at {@code start}, or -1 (then '{' is literal). */
        private int repetitionEnd(int start) {
            int j = start + 1;
            int digits = 0;
            while (j < src.length() && Character.isDigit(src.charAt(j))) {
                j++;
                digits++;
            }
            if (digits == 0 || j >= src.length()) {
                return -1;
            }
            int max = j;
            if (src.charAt(j) == ',') {
                j++;
                max = j;
                while (j < src.length() && Character.isDigit(src.charAt(j))) {
                    j++;
                }
            }
            if (j >= src.length() || src.charAt(j) != '}') {
                return -1;
            }
            if (digits > 4
                    || Integer.parseInt(src.substring(start + 1, start + 1 + digits)) > MAX_REPEAT
                    || j - max > 4
                    || (j > max && Integer.parseInt(src.substring(max, j)) > MAX_REPEAT)) {
                throw error("invalid repeat count `" + src.substring(start, j + 1) + "`");
            }
            return j;
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(
                    "invalid regular expression `" + src + "`: " + message + " at column " + (i + 1));
        }
    }
}
