package io.swarmedge.config.staticconfig;

import java.util.List;

/**
 * {@code metrics.prometheus}.
 *
 * @param entryPoint where {@code /metrics} is served (default {@code traefik})
 * @param buckets histogram buckets in seconds (Traefik default 0.1, 0.3, 1.2, 5)
 */
public record Metrics(
        boolean enabled,
        String entryPoint,
        List<Double> buckets,
        boolean addEntryPointsLabels,
        boolean addRoutersLabels,
        boolean addServicesLabels) {
    public static final Metrics DISABLED =
            new Metrics(false, StaticConfig.INTERNAL_ENTRYPOINT, List.of(0.1, 0.3, 1.2, 5.0), true, false, true);

    public Metrics {
        buckets = List.copyOf(buckets);
    }
}
