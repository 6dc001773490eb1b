package io.swarmedge.proxy.middleware;

import io.swarmedge.config.rule.GoPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * A replacement in Go's {@code Regexp.Expand} syntax, parsed once against its expression: {@code
 * $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. As in Go, {@code $1x} means the
 * group named {@code 1x} (use {@code ${1}x}), a group that does not exist or did not take part in
 * the match expands to nothing, and a name given to several groups takes the first that matched.
 * Only the redirect and rewrite middlewares expand templates, so this lives next to them.
 */
final class GoTemplate {
    /** Per part: null for a literal, else the candidate group numbers. */
    private final int[][] groups;

    private final String[] literals;

    private GoTemplate(String[] literals, int[][] groups) {
        this.literals = literals;
        this.groups = groups;
    }

    static GoTemplate parse(String template, GoPattern regexp) {
        List<String> literals = new ArrayList<>();
        List<int[]> groups = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                literal.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                next = close + 1;
                if (name.isEmpty() || !isName(name)) {
                    // malformed: Go keeps the '$' as text
                    literal.append('$');
                    i++;
                    continue;
                }
            } else {
                int j = i + 1;
                while (j < template.length() && isNameChar(template.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    literal.append('$');
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            int[] candidates = resolve(name, regexp);
            if (candidates.length > 0) {
                literals.add(literal.toString());
                groups.add(null);
                literal.setLength(0);
                literals.add("");
                groups.add(candidates);
            }
            i = next;
        }
        literals.add(literal.toString());
        groups.add(null);
        return new GoTemplate(literals.toArray(String[]::new), groups.toArray(int[][]::new));
    }

    /** The groups a name refers to (none when it always expands to nothing). */
    private static int[] resolve(String name, GoPattern regexp) {
        int number = number(name);
        if (number >= 0) {
            return number <= regexp.groupCount() ? new int[] {number} : new int[0];
        }
        return regexp.groups(name).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Go's rule: all digits, no leading zero (except "0"), below 1e8; else not a number. */
    private static int number(String name) {
        if (name.length() > 1 && name.charAt(0) == '0') {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || n >= 100_000_000) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isName(String s) {
        return s.chars().allMatch(ch -> isNameChar((char) ch));
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** Appends the expansion for one match; a {@link GoPattern.Replacement}. */
    void expand(MatchResult match, String input, StringBuilder out) {
        for (int k = 0; k < groups.length; k++) {
            int[] candidates = groups[k];
            if (candidates == null) {
                out.append(literals[k]);
                continue;
            }
            for (int g : candidates) {
                if (match.start(g) >= 0) {
                    out.append(input, match.start(g), match.end(g));
                    break;
                }
            }
        }
    }
}
