package io.swarmedge.socketproxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the proxy did since it started: requests forwarded, refusals per rule, hijacked connections. */
public final class ProxyCounters {
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder hijacked = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    public void forwarded() {
        forwarded.increment();
    }

    public void hijacked() {
        hijacked.increment();
    }

    public void refused(String rule) {
        refused.computeIfAbsent(rule, r -> new LongAdder()).increment();
    }

    public long forwardedCount() {
        return forwarded.sum();
    }

    public long hijackedCount() {
        return hijacked.sum();
    }

    /** Refusals per rule, sorted by rule. */
    public Map<String, Long> refusedByRule() {
        Map<String, Long> out = new TreeMap<>();
        refused.forEach((rule, count) -> out.put(rule, count.sum()));
        return out;
    }

    /** One log-friendly line: {@code forwarded=12 hijacked=1 refused=3 refused.section-disabled=3}. */
    public String summary() {
        var byRule = refusedByRule();
        StringBuilder line = new StringBuilder()
                .append("forwarded=")
                .append(forwardedCount())
                .append(" hijacked=")
                .append(hijackedCount())
                .append(" refused=")
                .append(byRule.values().stream().mapToLong(Long::longValue).sum());
        byRule.forEach((rule, count) ->
                line.append(" refused.").append(rule).append('=').append(count));
        return line.toString();
    }
}
