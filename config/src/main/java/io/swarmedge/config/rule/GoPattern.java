package io.swarmedge.config.rule;

import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Go regular expression compiled once by {@link GoRegexp} (the translator the rule language uses),
 * with Go's group names and Go's matching operations for middlewares. Every operation runs on a
 * fresh {@link BudgetedText}: a hostile input against a pathological expression costs a bounded
 * amount of work and ends in {@link BudgetedText.Exceeded}. Immutable and thread-safe.
 */
public final class GoPattern {
    private final String source;
    private final Pattern pattern;
    private final Map<String, List<Integer>> groupNames;
    private final int groupCount;

    private GoPattern(String source, GoRegexp.Translation translation) {
        this.source = source;
        this.pattern = translation.pattern();
        this.groupNames = translation.groupNames();
        this.groupCount = pattern.matcher("").groupCount();
    }

    /**
     * Compiles a Go expression.
     *
     * @throws GoRegexp.InvalidRegexpException whose message names the expression and the column
     */
    public static GoPattern compile(String source) {
        try {
            return new GoPattern(source, GoRegexp.translateWithNames(source));
        } catch (GoRegexp.InvalidRegexpException e) {
            throw new GoRegexp.InvalidRegexpException(
                    "invalid regular expression `" + source + "`: " + e.getMessage()
                            + (e.index() >= 0 ? " at column " + (e.index() + 1) : ""),
                    e.index());
        }
    }

    /** The expression as written. */
    public String source() {
        return source;
    }

    /** The number of capturing groups. */
    public int groupCount() {
        return groupCount;
    }

    /** The numbers of the groups with this Go name, in order (Go allows a name twice); empty if none. */
    public List<Integer> groups(String name) {
        return groupNames.getOrDefault(name, List.of());
    }

    /**
     * Go's {@code MatchString}: a match anywhere.
     *
     * @throws BudgetedText.Exceeded when the match would cost too much
     */
    public boolean find(String input) {
        return pattern.matcher(new BudgetedText(input)).find();
    }

    /**
     * The end of a match that starts at index 0 (Go's leftmost match when it begins there), or -1.
     *
     * @throws BudgetedText.Exceeded when the match would cost too much
     */
    public int prefixMatchEnd(String input) {
        Matcher m = pattern.matcher(new BudgetedText(input));
        return m.lookingAt() ? m.end() : -1;
    }

    /**
     * Go's {@code ReplaceAllString} with the replacement a function of the match: every
     * non-overlapping match is replaced; an empty match right after a previous match is not (Go's
     * rule, unlike Java's {@link Matcher#replaceAll}).
     *
     * @throws BudgetedText.Exceeded when matching would cost too much
     */
    public String replaceAll(String input, Replacement replacement) {
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
                replacement.append(m, input, out);
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

    @Override
    public String toString() {
        return source;
    }

    /** What a match is replaced by. */
    @FunctionalInterface
    public interface Replacement {
        /** Appends the replacement of {@code match} (found in {@code input}) to {@code out}. */
        void append(MatchResult match, String input, StringBuilder out);
    }
}
