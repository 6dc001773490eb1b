package io.swarmedge.cli.downtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A run of consecutive failed requests (in the order they started): for this long, requests failed.
 *
 * @param startMs when the first failed request started, in milliseconds since the run started
 * @param lengthMs until the next request that succeeded started (or, at the end of the run, the last
 *     failure ended)
 * @param failures failed requests in the gap
 * @param kinds failures per {@link FailureKind#label()}, most frequent first
 * @param firstDetail what the first failure said, e.g. {@code Connection refused}
 */
public record Gap(double startMs, double lengthMs, int failures, Map<String, Integer> kinds, String firstDetail) {
    public Gap {
        Objects.requireNonNull(kinds, "kinds");
        Objects.requireNonNull(firstDetail, "firstDetail");
        kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    }
}
