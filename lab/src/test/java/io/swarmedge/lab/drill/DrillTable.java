package io.swarmedge.lab.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Collects drill results and renders them side by side: swarmedge's arrangement next to keepalived's. */
final class DrillTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<DrillResult> results = new CopyOnWriteArrayList<>();
    private final Map<String, String> context = new LinkedHashMap<>();

    void add(DrillResult result) {
        results.add(result);
        System.out.println(row(result));
    }

    /** A line of context printed above the table (commit, kill runs, ...). */
    void note(String key, String value) {
        context.put(key, value);
    }

    List<DrillResult> results() {
        return List.copyOf(results);
    }

    /** The drill's line as printed while the drills run. */
    static String row(DrillResult r) {
        return String.format(
                Locale.ROOT,
                "DRILL %s [%s] %s: %d requests, %d failed%s, longest gap %s, latency p50/p99/max %s%s",
                r.drill(),
                r.arrangement(),
                r.title(),
                r.requests(),
                r.failed(),
                r.failuresByKind().isEmpty() ? "" : " " + r.failuresByKind(),
                ms(r.longestGapMs()) + (r.longestGapCause().isEmpty() ? "" : " (" + r.longestGapCause() + ")"),
                latency(r),
                r.extra().isEmpty() ? "" : "; " + extra(r));
    }

    /** The side-by-side table, Markdown. */
    String markdown() {
        StringBuilder out = new StringBuilder("# Drills: swarmedge vip vs keepalived (seed's arrangement)\n\n");
        context.forEach(
                (k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
        out.append('\n');
        out.append("| drill | swarmedge: failed / requests | gap | p50 / p99 / max | figures"
                + " | keepalived: failed / requests | gap | p50 / p99 / max | figures |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (String drill : drills()) {
            Optional<DrillResult> ours = find(drill, "swarmedge");
            Optional<DrillResult> theirs = find(drill, "keepalived");
            String title = ours.or(() -> theirs).map(DrillResult::title).orElse("");
            out.append("| ").append(drill).append(' ').append(title);
            for (Optional<DrillResult> side : List.of(ours, theirs)) {
                if (side.isEmpty()) {
                    out.append(" | not run | | | ");
                    continue;
                }
                DrillResult r = side.get();
                out.append(" | ")
                        .append(r.failed())
                        .append(" / ")
                        .append(r.requests())
                        .append(r.failuresByKind().isEmpty() ? "" : " " + kinds(r))
                        .append(" | ")
                        .append(ms(r.longestGapMs()))
                        .append(" | ")
                        .append(latency(r))
                        .append(" | ")
                        .append(extra(r));
            }
            out.append(" |\n");
        }
        return out.toString();
    }

    /** Writes {@code drills.md} and {@code drills.json} into {@code directory}. */
    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("drills.md"), markdown());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("context", context);
        doc.put("results", results);
        Files.writeString(directory.resolve("drills.json"), JSON.writeValueAsString(doc) + "\n");
    }

    private List<String> drills() {
        List<String> order = new ArrayList<>();
        results.stream().map(DrillResult::drill).sorted().forEach(d -> {
            if (!order.contains(d)) {
                order.add(d);
            }
        });
        return order;
    }

    private Optional<DrillResult> find(String drill, String arrangement) {
        return results.stream()
                .filter(r -> r.drill().equals(drill) && r.arrangement().equals(arrangement))
                .reduce((first, second) -> second);
    }

    private static String kinds(DrillResult r) {
        return r.failuresByKind().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String extra(DrillResult r) {
        return r.extra().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; "));
    }

    private static String latency(DrillResult r) {
        return ms(r.p50Ms()) + " / " + ms(r.p99Ms()) + " / " + ms(r.maxMs());
    }

    static String ms(double millis) {
        if (Double.isNaN(millis) || Double.isInfinite(millis)) {
            return "never";
        }
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        return String.format(Locale.ROOT, millis >= 10 ? "%.0f ms" : "%.1f ms", millis);
    }
}
