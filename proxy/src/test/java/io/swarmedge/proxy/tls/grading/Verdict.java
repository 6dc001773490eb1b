package io.swarmedge.proxy.tls.grading;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The A+ criteria checked against one testssl.sh report.
 *
 * @param target what was scanned
 * @param report the scan the verdict is based on
 * @param results one per criterion, in the order they were checked
 */
record Verdict(String target, TestsslReport report, List<Result> results) {
    /**
     * One criterion's outcome.
     *
     * @param key the testssl finding id the criterion is about (e.g. {@code TLS1}, {@code HSTS})
     * @param criterion what is required, in words
     * @param passed whether the server meets it
     * @param evidence the findings (as testssl wrote them) or probes it was judged on
     */
    record Result(String key, String criterion, boolean passed, List<String> evidence) {
        Result {
            evidence = List.copyOf(evidence);
        }
    }

    Verdict {
        results = List.copyOf(results);
    }

    boolean passed() {
        return results.stream().allMatch(Result::passed);
    }

    /** The keys of the criteria the server fails, sorted. */
    Set<String> failedKeys() {
        return results.stream()
                .filter(r -> !r.passed())
                .map(Result::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The verdict as people read it: one line per criterion, with the evidence under it. */
    String render() {
        StringBuilder out = new StringBuilder();
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.append("testssl.sh A+ criteria for ")
                .append(target)
                .append(" (scan took ")
                .append(report.took().toSeconds())
                .append(" s): ")
                .append(passed() ? "PASS" : "FAIL, " + failed + " of " + results.size() + " criteria failed")
                .append('\n');
        for (Result r : results) {
            out.append(String.format("  %-4s %-22s %s%n", r.passed() ? "pass" : "FAIL", r.key(), r.criterion()));
            for (String e : r.evidence()) {
                out.append("         ").append(e).append('\n');
            }
        }
        return out.toString();
    }
}
