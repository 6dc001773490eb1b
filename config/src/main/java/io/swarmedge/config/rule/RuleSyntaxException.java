package io.swarmedge.config.rule;

/**
 * A rule that cannot be parsed or compiled. The message names the problem and the 1-based column
 * of the rule text where it was found, e.g. {@code unexpected ')' at column 27}.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
    private final int column;
    private final String reason;

    /**
     * @param reason what is wrong, without the position
     * @param column 1-based column in the rule text
     * @param hint advice appended in parentheses, or empty
     */
    public RuleSyntaxException(String reason, int column, String hint) {
        super(reason + " at column " + column + (hint.isEmpty() ? "" : " (" + hint + ")"));
        this.column = column;
        this.reason = reason;
    }

    /** The 1-based column of the rule text where the problem was found. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position and hint. */
    public String reason() {
        return reason;
    }
}
