package io.swarmedge.lab.drill;

import io.swarmedge.cli.downtime.Gap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a drill's failures fell, relative to its events (e.g. {@code partition}, {@code heal}): each gap
 * of the load is placed after the latest event that preceded it, as {@code partition+0.4 s: 11.3 s, 88
 * failed {timeout=88}}. The largest gaps (by failures) are kept, in time order.
 */
final class FailureTimeline {
    static final int MAX_GAPS = 6;

    private final Map<String, Long> events = new LinkedHashMap<>();

    /** Records that {@code event} happened now ({@link System#nanoTime()}); events must come in order. */
    FailureTimeline mark(String event) {
        events.put(event, System.nanoTime());
        return this;
    }

    String describe(Finished finished) {
        List<Gap> gaps = finished.report().gaps().stream()
                .sorted(Comparator.comparingInt(Gap::failures).reversed())
                .limit(MAX_GAPS)
                .sorted(Comparator.comparingDouble(Gap::startMs))
                .toList();
        if (gaps.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Gap gap : gaps) {
            long at = finished.startedAtNanos() + (long) (gap.startMs() * 1e6);
            parts.add(String.format(
                    Locale.ROOT,
                    "%s: %s, %d failed %s",
                    relative(at),
                    DrillTable.ms(gap.lengthMs()),
                    gap.failures(),
                    gap.kinds()));
        }
        int more = finished.report().gaps().size() - gaps.size();
        return String.join("; ", parts) + (more > 0 ? "; " + more + " smaller gap(s)" : "");
    }

    private String relative(long at) {
        if (events.isEmpty()) {
            return "start";
        }
        String label = "start";
        long base = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : events.entrySet()) {
            if (e.getValue() <= at) {
                label = e.getKey();
                base = e.getValue();
            }
        }
        if (base == Long.MIN_VALUE) {
            Map.Entry<String, Long> first = events.entrySet().iterator().next();
            return String.format(Locale.ROOT, "%s-%.1f s", first.getKey(), (first.getValue() - at) / 1e9);
        }
        return String.format(Locale.ROOT, "%s+%.1f s", label, (at - base) / 1e9);
    }
}
