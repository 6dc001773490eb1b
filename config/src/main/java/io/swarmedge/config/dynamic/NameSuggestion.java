package io.swarmedge.config.dynamic;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name closest to a mistyped one, for "did you mean" hints. */
public final class NameSuggestion {
    private NameSuggestion() {}

    /**
     * The candidate closest to {@code input} (case-insensitive edit distance), if it is close enough
     * to be a plausible typo.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(in, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, in.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Formats {@code " (did you mean "x"?)"} or {@code ""}. */
    public static String hint(String input, Collection<String> candidates) {
        return closest(input, candidates)
                .map(c -> " (did you mean \"" + c + "\"?)")
                .orElse("");
    }

    /**
     * Optimal string alignment distance: edits plus transpositions of neighbours ("prot" → "port");
     * {@link Integer#MAX_VALUE} for names longer than 64 characters (no name is: not worth the time).
     * Every did-you-mean of the configuration (keys, matchers, labels, fields) measures with this.
     */
    public static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
