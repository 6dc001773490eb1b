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

    private static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
