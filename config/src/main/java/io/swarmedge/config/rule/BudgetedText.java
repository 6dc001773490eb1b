package io.swarmedge.config.rule;

/**
 * Request text handed to a regular expression with a limit on character reads. Go's RE2 runs in
 * linear time; {@link java.util.regex.Pattern} may backtrack exponentially on a pathological
 * expression, so a hostile path must not be able to pin a thread: past the budget the match is
 * abandoned with {@link Exceeded} and the rule does not match.
 */
public final class BudgetedText implements CharSequence {
    /**
     * Reads allowed per match: a few milliseconds of backtracking at worst, while a sane expression
     * on a long URL needs a few thousand.
     */
    public static final int READ_BUDGET = 250_000;

    private final String text;
    private int remaining;

    /** The text, with a fresh budget: one per match operation. */
    public BudgetedText(String text) {
        this.text = text;
        this.remaining = READ_BUDGET;
    }

    @Override
    public char charAt(int index) {
        if (--remaining < 0) {
            throw new Exceeded();
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

    /** The match cost more than {@link #READ_BUDGET} reads. */
    public static final class Exceeded extends RuntimeException {
        Exceeded() {
            super("regular expression read budget exceeded", null, false, false);
        }
    }
}
