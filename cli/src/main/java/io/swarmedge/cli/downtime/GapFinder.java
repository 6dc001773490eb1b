package io.swarmedge.cli.downtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the gaps in a run: maximal runs of failed requests when all requests are ordered by the time
 * they started. A gap lasts from the start of its first failure to the start of the next request
 * that succeeded, which is how long a client arriving then would have been turned away.
 */
public final class GapFinder {
    private GapFinder() {}

    /**
     * The gaps in {@code samples}, in time order.
     *
     * @param samples every request of the run, in any order
     */
    public static List<Gap> find(List<Sample> samples) {
        List<Sample> ordered = new ArrayList<>(samples);
        ordered.sort(Comparator.comparingLong(Sample::startNanos));
        List<Gap> gaps = new ArrayList<>();
        List<Sample> open = new ArrayList<>();
        for (Sample sample : ordered) {
            if (sample.outcome().ok()) {
                if (!open.isEmpty()) {
                    gaps.add(gap(open, sample.startNanos()));
                    open.clear();
                }
            } else {
                open.add(sample);
            }
        }
        if (!open.isEmpty()) {
            long end = open.stream().mapToLong(Sample::endNanos).max().orElseThrow();
            gaps.add(gap(open, end));
        }
        return gaps;
    }

    private static Gap gap(List<Sample> failures, long endNanos) {
        Map<FailureKind, Integer> counts = new EnumMap<>(FailureKind.class);
        for (Sample failure : failures) {
            counts.merge(((Outcome.Failed) failure.outcome()).kind(), 1, Integer::sum);
        }
        Map<String, Integer> kinds = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<FailureKind, Integer>comparingByValue().reversed())
                .forEach(e -> kinds.put(e.getKey().label(), e.getValue()));
        long start = failures.getFirst().startNanos();
        return new Gap(
                millis(start),
                millis(endNanos - start),
                failures.size(),
                kinds,
                ((Outcome.Failed) failures.getFirst().outcome()).detail());
    }

    static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }
}
