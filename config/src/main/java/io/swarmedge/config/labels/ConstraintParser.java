package io.swarmedge.config.labels;

import io.swarmedge.config.dynamic.NameSuggestion;
import io.swarmedge.config.rule.GoRegexp;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser of {@link LabelConstraint} expressions; errors name the column. */
final class ConstraintParser {
    private static final int MAX_DEPTH = 50;
    private static final List<String> FUNCTIONS = List.of("Label", "LabelRegex");

    private final String text;
    private int pos;
    private int depth;

    ConstraintParser(String text) {
        this.text = text;
    }

    LabelConstraint parse() {
        LabelConstraint c = or();
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "', expected '&&', '||' or the end");
        }
        return c;
    }

    private LabelConstraint or() {
        LabelConstraint left = and();
        while (consume("||")) {
            left = new LabelConstraint.Or(left, and());
        }
        return left;
    }

    private LabelConstraint and() {
        LabelConstraint left = unary();
        while (consume("&&")) {
            left = new LabelConstraint.And(left, unary());
        }
        return left;
    }

    private LabelConstraint unary() {
        if (++depth > MAX_DEPTH) {
            throw error("expression nested deeper than " + MAX_DEPTH);
        }
        try {
            if (consume("!")) {
                return new LabelConstraint.Not(unary());
            }
            if (consume("(")) {
                LabelConstraint inner = or();
                expect(")");
                return inner;
            }
            return call();
        } finally {
            depth--;
        }
    }

    private LabelConstraint call() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty()) {
            pos = start;
            throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end");
        }
        if (!FUNCTIONS.contains(name)) {
            pos = start;
            throw error("unknown constraint \"" + name + "\" (expected Label or LabelRegex)"
                    + NameSuggestion.hint(name, FUNCTIONS));
        }
        expect("(");
        List<String> args = new ArrayList<>();
        args.add(string());
        while (consume(",")) {
            args.add(string());
        }
        int close = pos;
        expect(")");
        if (args.size() != 2) {
            pos = close;
            throw error(name + " takes 2 arguments (key, value), got " + args.size());
        }
        if (name.equals("Label")) {
            return new LabelConstraint.Label(args.get(0), args.get(1));
        }
        try {
            return new LabelConstraint.LabelRegex(args.get(0), args.get(1));
        } catch (GoRegexp.InvalidRegexpException e) {
            pos = close;
            throw error("invalid regular expression \"" + args.get(1) + "\": " + e.getMessage());
        }
    }

    private String string() {
        skipSpace();
        if (pos >= text.length() || (text.charAt(pos) != '`' && text.charAt(pos) != '"')) {
            throw error("expected a string in backticks or double quotes");
        }
        char quote = text.charAt(pos);
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error("unterminated string");
        }
        String value = text.substring(pos + 1, end);
        pos = end + 1;
        return value;
    }

    private boolean consume(String token) {
        skipSpace();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!consume(token)) {
            throw error(
                    pos < text.length()
                            ? "unexpected '" + text.charAt(pos) + "', expected '" + token + "'"
                            : "unexpected end, expected '" + token + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("constraints: " + message + " at column " + (pos + 1));
    }
}
