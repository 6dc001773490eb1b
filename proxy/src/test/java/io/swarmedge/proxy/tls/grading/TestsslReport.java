package io.swarmedge.proxy.tls.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one testssl.sh scan found: its flat JSON findings, in testssl's order.
 *
 * @param target what was scanned, e.g. {@code grading.test @ 127.0.0.1:44301}
 * @param findings every finding of the scan
 * @param took how long the scan ran
 */
record TestsslReport(String target, List<TestsslFinding> findings, Duration took) {
    /** Files larger than this are not a testssl report of one host. */
    static final long MAX_JSON_BYTES = 4L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    TestsslReport {
        findings = List.copyOf(findings);
    }

    /** Parses testssl's flat JSON ({@code --jsonfile}): an array of {@code {id, severity, finding, ...}}. */
    static TestsslReport parse(String target, Path json, Duration took) {
        try {
            if (Files.size(json) > MAX_JSON_BYTES) {
                throw new IllegalArgumentException(json + ": larger than " + MAX_JSON_BYTES + " bytes");
            }
            return parse(target, Files.readString(json), took, json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read testssl's JSON output " + json, e);
        }
    }

    static TestsslReport parse(String target, String json, Duration took, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(source + ": expected testssl's flat JSON (an array of findings)");
        }
        List<TestsslFinding> findings = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            if (!node.hasNonNull("id") || !node.hasNonNull("severity")) {
                throw new IllegalArgumentException(source + ": finding #" + i + " has no id or severity: " + node);
            }
            findings.add(new TestsslFinding(
                    node.get("id").asText(),
                    node.get("severity").asText(),
                    node.path("finding").asText(""),
                    node.path("cve").asText("")));
        }
        return new TestsslReport(target, findings, took);
    }

    /** The first finding with this id (certificate suffixes ignored). */
    Optional<TestsslFinding> find(String id) {
        return findings.stream().filter(f -> f.baseId().equals(id)).findFirst();
    }

    /**
     * The finding of a vulnerability: by id and CVE; else by id; else by CVE alone, because testssl
     * 3.0.8 files some results under a stale id (on a TLS 1.3-only server its SWEET32 result carries
     * the id {@code CRIME_TLS}).
     */
    Optional<TestsslFinding> vulnerability(String id, String cve) {
        return findings.stream()
                .filter(f -> f.baseId().equals(id) && f.cve().contains(cve))
                .findFirst()
                .or(() -> find(id))
                .or(() -> findings.stream()
                        .filter(f -> List.of(f.cve().split(" ")).contains(cve))
                        .findFirst());
    }

    /** Every finding with this id: one per server certificate for certificate findings. */
    List<TestsslFinding> all(String id) {
        return findings.stream().filter(f -> f.baseId().equals(id)).toList();
    }
}
