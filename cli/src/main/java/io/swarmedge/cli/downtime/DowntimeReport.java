package io.swarmedge.cli.downtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a downtime run, as printed (table) and serialised ({@code --json}).
 *
 * @param target the URL requested
 * @param host the {@code Host} header sent
 * @param plannedMs the requested duration
 * @param elapsedMs from the first request's start to the last one's end
 * @param rate requests per second asked for
 * @param concurrency workers
 * @param methods GET, POST or BOTH
 * @param requests requests sent
 * @param failed requests that failed
 * @param failuresByKind failed requests per {@link FailureKind#label()}
 * @param byMode requests and failures per connection mode ({@code new}, {@code keep-alive})
 * @param retriedStale GETs retried once because a reused connection closed before answering
 * @param missedSlots scheduled requests not sent because every worker was still busy (slow answers)
 * @param gaps every run of consecutive failures
 * @param windows failures close together (within a second of each other), successes among them
 * @param longestGapMs the longest gap, 0 without gaps
 * @param latency latencies of the requests that succeeded
 */
public record DowntimeReport(
        String target,
        String host,
        double plannedMs,
        double elapsedMs,
        int rate,
        int concurrency,
        MethodMix methods,
        long requests,
        long failed,
        Map<String, Long> failuresByKind,
        Map<String, ModeTotals> byMode,
        long retriedStale,
        long missedSlots,
        List<Gap> gaps,
        List<FailureWindow> windows,
        double longestGapMs,
        LatencySummary latency) {
    public DowntimeReport {
        failuresByKind = Collections.unmodifiableMap(new LinkedHashMap<>(failuresByKind));
        byMode = Collections.unmodifiableMap(new LinkedHashMap<>(byMode));
        gaps = List.copyOf(gaps);
        windows = List.copyOf(windows);
    }

    /**
     * Requests and failures of one connection mode.
     *
     * @param requests requests sent
     * @param failed requests that failed
     */
    public record ModeTotals(long requests, long failed) {}
}
