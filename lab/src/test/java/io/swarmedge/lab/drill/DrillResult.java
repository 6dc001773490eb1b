package io.swarmedge.lab.drill;

import io.swarmedge.cli.downtime.DowntimeReport;
import io.swarmedge.cli.downtime.Gap;
import io.swarmedge.cli.downtime.LatencySummary;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of one drill in one arrangement.
 *
 * @param drill its number and case, e.g. {@code 2b}
 * @param title what was done
 * @param arrangement {@code swarmedge} or {@code keepalived}
 * @param requests requests the load sent through the VIP
 * @param failed requests that failed
 * @param failuresByKind failed requests per kind (refused, reset, timeout, 5xx, other)
 * @param longestGapMs the longest run of consecutive failures
 * @param longestGapCause what the first failure of the longest gap said (empty without failures)
 * @param p50Ms median latency of the requests that succeeded
 * @param p99Ms 99th percentile
 * @param maxMs slowest request that succeeded
 * @param extra the drill's own figures (takeover times, longest hold, in-flight lost, ...), in order
 */
public record DrillResult(
        String drill,
        String title,
        String arrangement,
        long requests,
        long failed,
        Map<String, Long> failuresByKind,
        double longestGapMs,
        String longestGapCause,
        double p50Ms,
        double p99Ms,
        double maxMs,
        Map<String, String> extra) {
    public DrillResult {
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(longestGapCause, "longestGapCause");
        failuresByKind = Collections.unmodifiableMap(new LinkedHashMap<>(failuresByKind));
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** The figures of a downtime report, with the drill's own figures. */
    static DrillResult of(
            String drill, String title, String arrangement, DowntimeReport report, Map<String, String> extra) {
        LatencySummary latency = report.latency();
        return new DrillResult(
                drill,
                title,
                arrangement,
                report.requests(),
                report.failed(),
                report.failuresByKind(),
                report.longestGapMs(),
                longestGapCause(report),
                latency.p50Ms(),
                latency.p99Ms(),
                latency.maxMs(),
                extra);
    }

    static String longestGapCause(DowntimeReport report) {
        return report.gaps().stream()
                .max(Comparator.comparingDouble(Gap::lengthMs))
                .map(gap -> gap.failures() + " failed: " + gap.kinds() + ", first: " + gap.firstDetail())
                .orElse("");
    }
}
