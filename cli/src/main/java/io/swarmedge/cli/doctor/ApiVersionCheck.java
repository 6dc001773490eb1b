package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker versions: the engine the doctor talks to (its API range), every node's engine, whether the
 * nodes agree, and how the client speaks to them.
 */
public final class ApiVersionCheck implements Check {
    static final String AREA = "docker";
    /** The oldest API swarmedge's Docker clients are tested with (Debian's docker.io 20.10). */
    static final String OLDEST_TESTED_API = "1.41";

    /** Engine release to the API version it introduced; later patch releases keep it. */
    private static final Map<String, String> API_BY_RELEASE = Map.ofEntries(
            Map.entry("19.03", "1.40"),
            Map.entry("20.10", "1.41"),
            Map.entry("23.0", "1.42"),
            Map.entry("24.0", "1.43"),
            Map.entry("25.0", "1.44"),
            Map.entry("26.0", "1.45"),
            Map.entry("26.1", "1.45"),
            Map.entry("27.0", "1.46"),
            Map.entry("27.1", "1.46"),
            Map.entry("27.2", "1.47"),
            Map.entry("27.3", "1.47"),
            Map.entry("27.4", "1.47"),
            Map.entry("27.5", "1.47"),
            Map.entry("28.0", "1.48"),
            Map.entry("28.1", "1.49"));

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        EngineInfo engine = snapshot.engine();
        findings.add(Finding.ok(
                AREA,
                "client: swarmedge's Docker client (docker-java 3.7.1 transport) sends unversioned requests to "
                        + engine.endpoint() + ", so the engine answers with its newest API, " + engine.apiVersion()));
        String range = "API " + engine.apiVersion()
                + (engine.minApiVersion().isEmpty() ? "" : " (accepts " + engine.minApiVersion() + " and up)");
        if (compare(engine.apiVersion(), OLDEST_TESTED_API) < 0) {
            findings.add(Finding.warn(
                    AREA,
                    "engine " + engine.version() + " speaks " + range + ", older than the " + OLDEST_TESTED_API
                            + " swarmedge is tested with",
                    "upgrade Docker on every node (Debian: apt install docker.io)"));
        } else {
            findings.add(Finding.ok(AREA, "engine answering: Docker " + engine.version() + ", " + range));
        }
        Map<String, List<String>> byVersion = new TreeMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            byVersion
                    .computeIfAbsent(node.engineVersion(), v -> new ArrayList<>())
                    .add(node.name());
        }
        for (Map.Entry<String, List<String>> entry : byVersion.entrySet()) {
            findings.add(Finding.ok(
                    AREA,
                    "Docker " + entry.getKey() + " (API " + apiOf(entry.getKey()) + ") on "
                            + String.join(", ", entry.getValue())));
        }
        if (byVersion.size() > 1) {
            List<String> apis = byVersion.keySet().stream()
                    .map(ApiVersionCheck::apiOf)
                    .distinct()
                    .toList();
            findings.add(Finding.warn(
                    AREA,
                    "the nodes run " + byVersion.size() + " Docker versions"
                            + (apis.size() > 1 ? " with " + apis.size() + " API versions " + apis : "")
                            + ": fine during an upgrade, but managers on different versions may disagree on"
                            + " features and the oldest API bounds what every client may use",
                    "finish the upgrade: the same Docker version on every node, managers first"));
        }
        return findings;
    }

    /** The API version an engine release speaks, "unknown" when not in the table. */
    static String apiOf(String engineVersion) {
        String[] parts = engineVersion.split("[.+-]");
        if (parts.length < 2) {
            return "unknown";
        }
        String release = parts[0] + "." + parts[1];
        return API_BY_RELEASE.getOrDefault(release, "unknown");
    }

    /** Compares dotted versions numerically ("1.41" vs "1.9"); unknown parts count as 0. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
