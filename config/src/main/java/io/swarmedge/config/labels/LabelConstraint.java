package io.swarmedge.config.labels;

import io.swarmedge.config.rule.GoRegexp;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A provider's {@code constraints} expression over a service's labels, as Traefik's Docker and
 * Swarm providers read it: {@code Label(`key`, `value`)} (exact value), {@code LabelRegex(`key`,
 * `regex`)} (a Go regular expression found in the value), combined with {@code &&}, {@code ||},
 * {@code !} and parentheses. Strings are in backticks or double quotes. An empty expression accepts
 * every service.
 */
public sealed interface LabelConstraint {
    /** Most characters in an expression. */
    int MAX_LENGTH = 4096;

    /** Whether a service with these labels passes. */
    boolean test(Map<String, String> labels);

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException naming the problem and its 1-based column
     */
    static LabelConstraint parse(String expression) {
        if (expression.isBlank()) {
            return new Any();
        }
        if (expression.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("constraints longer than " + MAX_LENGTH + " characters");
        }
        return new ConstraintParser(expression).parse();
    }

    /** No constraint. */
    record Any() implements LabelConstraint {
        @Override
        public boolean test(Map<String, String> labels) {
            return true;
        }
    }

    /** {@code Label(`key`, `value`)}. */
    record Label(String key, String value) implements LabelConstraint {
        @Override
        public boolean test(Map<String, String> labels) {
            return Objects.equals(labels.get(key), value);
        }
    }

    /** {@code LabelRegex(`key`, `regex`)}: the expression is found in the label's value. */
    record LabelRegex(String key, String regex, Pattern pattern) implements LabelConstraint {
        LabelRegex(String key, String regex) {
            this(key, regex, GoRegexp.compile(regex));
        }

        @Override
        public boolean test(Map<String, String> labels) {
            String value = labels.get(key);
            return value != null && pattern.matcher(value).find();
        }
    }

    /** {@code a && b}. */
    record And(LabelConstraint left, LabelConstraint right) implements LabelConstraint {
        @Override
        public boolean test(Map<String, String> labels) {
            return left.test(labels) && right.test(labels);
        }
    }

    /** {@code a || b}. */
    record Or(LabelConstraint left, LabelConstraint right) implements LabelConstraint {
        @Override
        public boolean test(Map<String, String> labels) {
            return left.test(labels) || right.test(labels);
        }
    }

    /** {@code !a}. */
    record Not(LabelConstraint inner) implements LabelConstraint {
        @Override
        public boolean test(Map<String, String> labels) {
            return !inner.test(labels);
        }
    }
}
