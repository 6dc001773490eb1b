package io.swarmedge.cli.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every check on a snapshot and says what the exit code is: 0 when everything is OK (or only
 * warnings without {@code strict}), 1 when something failed (or warned, with {@code strict}).
 *
 * @param findings every check's findings, in the order of the areas
 */
public record Examination(ClusterSnapshot snapshot, List<Finding> findings) {
    /** The areas, in the order they are reported. */
    public static final List<Check> CHECKS = List.of(
            new ManagerCheck(),
            new NodeCheck(),
            new NetworkCheck(),
            new SocketProxyCheck(),
            new ProxyTasksCheck(),
            new VipCheck(),
            new ReplicaSpreadCheck(),
            new CertificateCheck(),
            new VolumeCheck(),
            new ApiVersionCheck());

    public Examination {
        findings = List.copyOf(findings);
    }

    public static Examination of(ClusterSnapshot snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : CHECKS) {
            findings.addAll(check.check(snapshot));
        }
        return new Examination(snapshot, findings);
    }

    public long count(Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    public Status worst() {
        return findings.stream().map(Finding::status).max(Enum::compareTo).orElse(Status.OK);
    }

    public int exitCode(boolean strict) {
        Status worst = worst();
        return worst == Status.FAIL || (strict && worst == Status.WARN) ? 1 : 0;
    }
}
