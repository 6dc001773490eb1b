package io.swarmedge.cli.downtime;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link DowntimeReport} for people: a summary, then one row per gap. */
public final class ReportTable {
    private ReportTable() {}

    public static String render(DowntimeReport report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "downtime %s (Host: %s): %.1f s at %d req/s, %d workers, methods %s%n",
                report.target(),
                report.host(),
                report.elapsedMs() / 1000,
                report.rate(),
                report.concurrency(),
                report.methods()));
        double percent = report.requests() == 0 ? 0 : 100.0 * report.failed() / report.requests();
        out.append(String.format(
                Locale.ROOT,
                "requests  %d, failed %d (%.2f %%)%s%n",
                report.requests(),
                report.failed(),
                percent,
                report.failuresByKind().isEmpty() ? "" : ": " + kinds(report.failuresByKind())));
        report.byMode()
                .forEach((mode, totals) -> out.append(String.format(
                        Locale.ROOT, "  %-10s %d requests, %d failed%n", mode, totals.requests(), totals.failed())));
        out.append(String.format(
                Locale.ROOT, "gaps      %d, longest %s%n", report.gaps().size(), seconds(report.longestGapMs())));
        LatencySummary latency = report.latency();
        out.append(String.format(
                Locale.ROOT,
                "latency   p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d successful requests)%n",
                latency.p50Ms(),
                latency.p99Ms(),
                latency.maxMs(),
                latency.count()));
        if (report.retriedStale() > 0 || report.missedSlots() > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "notes     %d GETs retried after a kept-alive connection closed unanswered; "
                            + "%d slots missed (all workers busy)%n",
                    report.retriedStale(),
                    report.missedSlots()));
        }
        if (!report.gaps().isEmpty()) {
            out.append(String.format(
                    Locale.ROOT, "%n%4s  %10s  %10s  %8s  %s%n", "gap", "start", "length", "failures", "kinds"));
            int number = 1;
            for (Gap gap : report.gaps()) {
                out.append(String.format(
                        Locale.ROOT,
                        "%4d  %10s  %10s  %8d  %s (first: %s)%n",
                        number++,
                        seconds(gap.startMs()),
                        seconds(gap.lengthMs()),
                        gap.failures(),
                        kinds(gap.kinds()),
                        gap.firstDetail()));
            }
        }
        // Windows say more than gaps only when failures and successes interleave.
        if (report.windows().stream().anyMatch(w -> w.gaps() > 1)) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nfailure windows (failures within 1 s of each other):%n%6s  %10s  %10s  %8s  %9s  %4s%n",
                    "window",
                    "start",
                    "end",
                    "failures",
                    "succeeded",
                    "gaps"));
            int number = 1;
            for (FailureWindow window : report.windows()) {
                out.append(String.format(
                        Locale.ROOT,
                        "%6d  %10s  %10s  %8d  %9d  %4d%n",
                        number++,
                        seconds(window.startMs()),
                        seconds(window.endMs()),
                        window.failures(),
                        window.succeeded(),
                        window.gaps()));
            }
        }
        return out.toString();
    }

    private static String seconds(double millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000);
    }

    private static String kinds(Map<String, ? extends Number> kinds) {
        return kinds.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
