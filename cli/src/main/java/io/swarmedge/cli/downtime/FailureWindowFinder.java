package io.swarmedge.cli.downtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups failures into {@link FailureWindow}s: a failure that starts within {@code joinNanos} of the
 * end of the previous one joins its window.
 */
public final class FailureWindowFinder {
    private FailureWindowFinder() {}

    public static List<FailureWindow> find(List<Sample> samples, long joinNanos) {
        List<Sample> ordered = new ArrayList<>(samples);
        ordered.sort(Comparator.comparingLong(Sample::startNanos));
        List<long[]> spans = new ArrayList<>(); // {start, end, failures}
        for (Sample sample : ordered) {
            if (sample.outcome().ok()) {
                continue;
            }
            long[] last = spans.isEmpty() ? null : spans.getLast();
            if (last != null && sample.startNanos() - last[1] <= joinNanos) {
                last[1] = Math.max(last[1], sample.endNanos());
                last[2]++;
            } else {
                spans.add(new long[] {sample.startNanos(), sample.endNanos(), 1});
            }
        }
        List<FailureWindow> windows = new ArrayList<>();
        for (long[] span : spans) {
            int succeeded = 0;
            int gaps = 0;
            boolean inGap = false;
            for (Sample sample : ordered) {
                if (sample.startNanos() < span[0] || sample.startNanos() > span[1]) {
                    continue;
                }
                if (sample.outcome().ok()) {
                    succeeded++;
                    inGap = false;
                } else if (!inGap) {
                    gaps++;
                    inGap = true;
                }
            }
            windows.add(new FailureWindow(
                    GapFinder.millis(span[0]), GapFinder.millis(span[1]), (int) span[2], succeeded, gaps));
        }
        return windows;
    }
}
