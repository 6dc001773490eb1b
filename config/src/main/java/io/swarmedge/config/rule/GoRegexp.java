package io.swarmedge.config.rule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go (RE2) regular expressions, as Traefik's rules and middlewares use them, translated to {@link
 * java.util.regex}. The translation keeps Go's meaning where the two dialects differ: {@code $}
 * without {@code (?m)} only matches at the very end, {@code .} and {@code (?m)} only know {@code
 * \n} as a line end, {@code \s} is {@code [\t\n\f\r ]}, {@code \v} is the vertical tab, a {@code {}
 * that is not a repetition is a literal, {@code [} inside a class is a literal, {@code (?P<name>re)}
 * is a named group, POSIX classes {@code [[:alpha:]]} work.
 *
 * <p>Refused: Go's {@code (?U)} (ungreedy mode, no Java equivalent) and {@code \C}; and everything
 * Go itself rejects that Java would accept (look-arounds, back-references, possessive and nested
 * repetitions, {@code \Z}, Java-only escapes such as {@code \h} or {@code \R}).
 *
 * <p>Go's {@code MatchString} finds a match anywhere; use {@link java.util.regex.Matcher#find()}
 * for the same behaviour. {@link GoPattern} adds Go's group names, replacement and a read budget for
 * the middlewares: rules, label constraints and middlewares share this one translator.
 */
public final class GoRegexp {
    /** Go refuses repetition counts above this. */
    private static final int MAX_REPEAT = 1000;

    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"),
            Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"),
            Map.entry("lower", "\\p{Lower}"),
            Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"),
            Map.entry("space", "\\t\\n\\x0B\\f\\r "),
            Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"),
            Map.entry("xdigit", "\\p{XDigit}"));

    private static final String GO_SPACE = "\\t\\n\\f\\r ";

    private static final int PATTERN_FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CASE;

    private GoRegexp() {}

    /**
     * Compiles a Go regular expression.
     *
     * @throws InvalidRegexpException when Go would refuse it, Java cannot express it, or it uses a
     *     refused feature
     */
    public static Pattern compile(String goRegexp) {
        return translateWithNames(goRegexp).pattern();
    }

    /** Translates a Go regular expression to Java syntax (flags UNIX_LINES and UNICODE_CASE assumed). */
    public static String translate(String goRegexp) {
        return new Translator(goRegexp).run();
    }

    /**
     * The Java pattern and Go's group names: named groups become plain Java groups (Go allows names
     * Java does not, and repeats a name), so names are resolved to group numbers here.
     */
    static Translation translateWithNames(String goRegexp) {
        Translator t = new Translator(goRegexp);
        Pattern pattern;
        try {
            pattern = Pattern.compile(t.run(), PATTERN_FLAGS);
        } catch (PatternSyntaxException e) {
            throw new InvalidRegexpException(e.getDescription(), -1);
        }
        Map<String, List<Integer>> names = new HashMap<>();
        t.names.forEach((name, numbers) -> names.put(name, List.copyOf(numbers)));
        return new Translation(pattern, Map.copyOf(names));
    }

    /**
     * A compiled translation.
     *
     * @param pattern the Java pattern
     * @param groupNames Go's group names, each to the numbers of its groups in order (Go allows a
     *     name twice)
     */
    record Translation(Pattern pattern, Map<String, List<Integer>> groupNames) {}

    /** A regular expression that cannot be used; {@link #index()} is its position, or -1. */
    public static final class InvalidRegexpException extends IllegalArgumentException {
        private final int index;

        InvalidRegexpException(String message, int index) {
            super(message);
            this.index = index;
        }

        /** 0-based index in the Go expression where the problem is, or -1 when unknown. */
        public int index() {
            return index;
        }
    }

    private static final class Translator {
        private final String re;
        private final StringBuilder out = new StringBuilder();
        private final Deque<Boolean> groups = new ArrayDeque<>();
        private final Map<String, List<Integer>> names = new HashMap<>();
        private int captures;
        private boolean multiline;
        private int i;

        /** What a following repetition operator would apply to. */
        private Operand operand = Operand.NONE;

        private enum Operand {
            NONE,
            ATOM,
            ANCHOR,
            FLAGS
        }

        Translator(String re) {
            this.re = re;
        }

        String run() {
            while (i < re.length()) {
                char c = re.charAt(i);
                switch (c) {
                    case '\\' -> escape(false);
                    case '[' -> {
                        charClass();
                        operand = Operand.ATOM;
                    }
                    case '(' -> openGroup();
                    case ')' -> {
                        if (groups.isEmpty()) {
                            throw fail("unexpected )", i);
                        }
                        multiline = groups.pop();
                        out.append(')');
                        i++;
                        operand = Operand.ATOM;
                    }
                    case '|' -> {
                        out.append('|');
                        i++;
                        operand = Operand.NONE;
                    }
                    case '^' -> {
                        // Java's multi-line ^ fails at the end of input (even empty input); Go's does not
                        out.append(multiline ? "(?<![^\\n])" : "^");
                        i++;
                        operand = Operand.ANCHOR;
                    }
                    case '$' -> {
                        out.append(multiline ? "(?![^\\n])" : "\\z");
                        i++;
                        operand = Operand.ANCHOR;
                    }
                    case '{' -> {
                        int end = repetitionEnd(i);
                        if (end < 0) {
                            out.append("\\{");
                            i++;
                            operand = Operand.ATOM;
                        } else {
                            checkOperand();
                            out.append(re, i, end);
                            i = end;
                            afterRepetition();
                        }
                    }
                    case '}' -> {
                        out.append("\\}");
                        i++;
                        operand = Operand.ATOM;
                    }
                    case '*', '+', '?' -> {
                        checkOperand();
                        out.append(c);
                        i++;
                        afterRepetition();
                    }
                    default -> {
                        out.append(c);
                        i++;
                        operand = Operand.ATOM;
                    }
                }
            }
            if (!groups.isEmpty()) {
                throw fail("missing closing )", re.length());
            }
            return out.toString();
        }

        /** A repetition needs something to repeat. */
        private void checkOperand() {
            switch (operand) {
                case NONE -> throw fail("missing argument to repetition operator", i);
                // Go would repeat the atom before the flags; nobody means that, so say so
                case FLAGS -> throw fail("repetition right after a flag group (?flags) is not supported", i);
                case ANCHOR -> throw fail("repetition of an anchor (^, $, \\b, \\B, \\A, \\z) is not supported", i);
                case ATOM -> {}
            }
        }

        /** After a repetition: an optional lazy '?', and then no other repetition (Go refuses it). */
        private void afterRepetition() {
            if (i < re.length() && re.charAt(i) == '?') {
                out.append('?');
                i++;
            }
            if (i < re.length()) {
                char n = re.charAt(i);
                if (n == '*' || n == '+' || n == '?' || (n == '{' && repetitionEnd(i) >= 0)) {
                    throw fail("invalid nested repetition operator", i);
                }
            }
        }

        /** End index (exclusive) of a valid {n}, {n,} or {n,m} at start, or -1 if it is a literal. */
        private int repetitionEnd(int start) {
            int j = start + 1;
            int minStart = j;
            while (j < re.length() && Character.isDigit(re.charAt(j)) && re.charAt(j) < 128) {
                j++;
            }
            if (j == minStart || j >= re.length()) {
                return -1;
            }
            long min = parseCount(re.substring(minStart, j));
            long max = min;
            if (re.charAt(j) == ',') {
                j++;
                int maxStart = j;
                while (j < re.length() && re.charAt(j) >= '0' && re.charAt(j) <= '9') {
                    j++;
                }
                max = j == maxStart ? -1 : parseCount(re.substring(maxStart, j));
            }
            if (j >= re.length() || re.charAt(j) != '}') {
                return -1;
            }
            if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
                throw fail("invalid repeat count", start);
            }
            return j + 1;
        }

        private static long parseCount(String digits) {
            return digits.length() > 5 ? Long.MAX_VALUE : Long.parseLong(digits);
        }

        private void openGroup() {
            int start = i;
            groups.push(multiline);
            operand = Operand.NONE;
            if (!re.startsWith("(?", i)) {
                captures++;
                out.append('(');
                i++;
                return;
            }
            if (re.startsWith("(?P<", i)
                    || (re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i))) {
                int nameStart = i + (re.charAt(i + 2) == 'P' ? 4 : 3);
                int close = re.indexOf('>', nameStart);
                if (close < 0) {
                    throw fail("invalid named capture", start);
                }
                String name = re.substring(nameStart, close);
                if (name.isEmpty()
                        || !name.chars().allMatch(ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'))) {
                    throw fail("invalid named capture", start);
                }
                // a plain Java group: Go's names may repeat and use '_' or a leading digit, Java's may not
                captures++;
                names.computeIfAbsent(name, n -> new ArrayList<>()).add(captures);
                out.append('(');
                i = close + 1;
                return;
            }
            int j = i + 2;
            if (j < re.length() && "=!<>P".indexOf(re.charAt(j)) >= 0) {
                throw fail("look-arounds, atomic groups and back-references are not supported by Go regexps", start);
            }
            boolean negate = false;
            boolean sawFlag = false;
            boolean newMultiline = multiline;
            StringBuilder flags = new StringBuilder();
            while (j < re.length()) {
                char f = re.charAt(j);
                switch (f) {
                    case 'i', 's' -> sawFlag = true;
                    case 'm' -> {
                        sawFlag = true;
                        newMultiline = !negate;
                    }
                    case 'U' -> throw fail("the ungreedy flag (?U) is not supported", start);
                    case '-' -> {
                        if (negate) {
                            throw fail("invalid or unsupported Perl syntax", start);
                        }
                        negate = true;
                        sawFlag = false;
                    }
                    case ')', ':' -> {
                        // "(?:" is a plain non-capturing group; a dangling "-" is an error, as in Go
                        if (!sawFlag && negate) {
                            throw fail("invalid or unsupported Perl syntax", start);
                        }
                        // Go takes "(?)" as an empty flag group; Java has no such thing
                        out.append(flags.isEmpty() && f == ')' ? "" : "(?" + flags + f);
                        i = j + 1;
                        if (f == ')') {
                            // a flag-only group changes the flags of the enclosing group
                            groups.pop();
                            multiline = newMultiline;
                            operand = Operand.FLAGS;
                        } else {
                            multiline = newMultiline;
                        }
                        return;
                    }
                    default -> throw fail("invalid or unsupported Perl syntax", start);
                }
                flags.append(f);
                j++;
            }
            throw fail("missing closing )", start);
        }

        private void charClass() {
            int start = i;
            out.append('[');
            i++;
            if (i < re.length() && re.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            // Go: a ']' right after the opening bracket is a literal
            if (i < re.length() && re.charAt(i) == ']') {
                out.append("\\]");
                i++;
            }
            while (i < re.length()) {
                char c = re.charAt(i);
                switch (c) {
                    case ']' -> {
                        out.append(']');
                        i++;
                        return;
                    }
                    case '\\' -> escape(true);
                    case '[' -> {
                        if (re.startsWith("[:", i)) {
                            int close = re.indexOf(":]", i + 2);
                            if (close > 0) {
                                String name = re.substring(i + 2, close);
                                boolean negated = name.startsWith("^");
                                String java = POSIX_CLASSES.get(negated ? name.substring(1) : name);
                                if (java == null) {
                                    throw fail("invalid character class range [:" + name + ":]", i);
                                }
                                out.append(negated ? "[^" + java + "]" : java);
                                i = close + 2;
                                continue;
                            }
                        }
                        out.append("\\[");
                        i++;
                    }
                    case '&' -> {
                        out.append("\\&");
                        i++;
                    }
                    default -> {
                        out.append(c);
                        i++;
                    }
                }
            }
            throw fail("missing closing ]", start);
        }

        private void escape(boolean inClass) {
            int start = i;
            if (i + 1 >= re.length()) {
                throw fail("trailing backslash at end of expression", start);
            }
            char c = re.charAt(i + 1);
            i += 2;
            if (!inClass) {
                operand = "bBAz".indexOf(c) >= 0 ? Operand.ANCHOR : Operand.ATOM;
            }
            switch (c) {
                case 'd', 'D', 'w', 'W', 'a', 'f', 't', 'n', 'r' ->
                    out.append('\\').append(c);
                case 'b', 'B', 'A', 'z' -> {
                    if (inClass) {
                        throw fail("invalid escape sequence \\" + c + " in a character class", start);
                    }
                    out.append('\\').append(c);
                }
                case 's' -> out.append(inClass ? GO_SPACE : "[" + GO_SPACE + "]");
                case 'S' -> out.append("[^" + GO_SPACE + "]");
                case 'v' -> out.append("\\x0B");
                case 'x' -> hexEscape(start);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> octalEscape(c, start);
                case 'p', 'P' -> unicodeClass(c == 'P', start);
                case 'Q' -> {
                    if (inClass) {
                        throw fail("invalid escape sequence \\Q in a character class", start);
                    }
                    int end = re.indexOf("\\E", i);
                    String literal = end < 0 ? re.substring(i) : re.substring(i, end);
                    i = end < 0 ? re.length() : end + 2;
                    for (int k = 0; k < literal.length(); k++) {
                        appendLiteral(literal.charAt(k));
                    }
                }
                case 'C' -> throw fail("\\C (any byte) is not supported", start);
                default -> {
                    if (c < 128 && !Character.isLetterOrDigit(c)) {
                        out.append('\\').append(c);
                    } else {
                        throw fail("invalid escape sequence \\" + c, start);
                    }
                }
            }
        }

        private void appendLiteral(char c) {
            if (c < 128 && !Character.isLetterOrDigit(c) && c != ' ' && c != '_') {
                out.append('\\');
            }
            out.append(c);
        }

        private void hexEscape(int start) {
            int value;
            if (i < re.length() && re.charAt(i) == '{') {
                int close = re.indexOf('}', i);
                if (close < 0 || close == i + 1 || close - i > 9) {
                    throw fail("invalid escape sequence \\x", start);
                }
                value = parseHex(re.substring(i + 1, close), start);
                i = close + 1;
            } else {
                if (i + 2 > re.length()) {
                    throw fail("invalid escape sequence \\x", start);
                }
                value = parseHex(re.substring(i, i + 2), start);
                i += 2;
            }
            if (value > Character.MAX_CODE_POINT) {
                throw fail("invalid escape sequence \\x", start);
            }
            out.append(String.format(Locale.ROOT, "\\x{%x}", value));
        }

        private int parseHex(String digits, int start) {
            for (int k = 0; k < digits.length(); k++) {
                if (Character.digit(digits.charAt(k), 16) < 0 || digits.charAt(k) > 127) {
                    throw fail("invalid escape sequence \\x", start);
                }
            }
            return Integer.parseInt(digits, 16);
        }

        private void octalEscape(char first, int start) {
            // Go: a single non-zero digit would be a back-reference, which RE2 does not have
            boolean nextIsOctal = i < re.length() && re.charAt(i) >= '0' && re.charAt(i) <= '7';
            if (first != '0' && !nextIsOctal) {
                throw fail("back-references (\\" + first + ") are not supported by Go regexps", start);
            }
            int value = first - '0';
            for (int k = 0; k < 2 && i < re.length() && re.charAt(i) >= '0' && re.charAt(i) <= '7'; k++) {
                value = value * 8 + (re.charAt(i) - '0');
                i++;
            }
            out.append(String.format(Locale.ROOT, "\\x{%x}", value));
        }

        private void unicodeClass(boolean negated, int start) {
            if (i >= re.length()) {
                throw fail("invalid character class range", start);
            }
            String name;
            if (re.charAt(i) == '{') {
                int close = re.indexOf('}', i);
                if (close < 0) {
                    throw fail("invalid character class range", start);
                }
                name = re.substring(i + 1, close);
                i = close + 1;
            } else {
                name = String.valueOf(re.charAt(i));
                i++;
            }
            if (name.startsWith("^")) {
                negated = !negated;
                name = name.substring(1);
            }
            if (name.isEmpty()
                    || !name.chars().allMatch(ch -> ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_'))) {
                throw fail("invalid character class range \\p{" + name + "}", start);
            }
            if (name.equals("Any")) {
                out.append(negated ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]");
                return;
            }
            String java = "\\" + (negated ? 'P' : 'p') + "{Is" + name + "}";
            try {
                Pattern.compile(java);
            } catch (PatternSyntaxException e) {
                throw fail("unknown Unicode class \\p{" + name + "}", start);
            }
            out.append(java);
        }

        private InvalidRegexpException fail(String message, int index) {
            return new InvalidRegexpException(message, index);
        }
    }
}
