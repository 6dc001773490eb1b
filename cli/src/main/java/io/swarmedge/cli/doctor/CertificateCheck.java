package io.swarmedge.cli.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every certificate found in the stores, with its expiry: warn under 30 days left, fail when expired. */
public final class CertificateCheck implements Check {
    static final String AREA = "certificates";
    static final int WARN_DAYS = 30;

    @Override
    public List<Finding> check(ClusterSnapshot snapshot) {
        CertificateInventory inventory = snapshot.certificates();
        List<Finding> findings = new ArrayList<>();
        for (String problem : inventory.problems()) {
            findings.add(Finding.warn(AREA, problem, "fix or remove the entry; the proxy logs the same problem"));
        }
        if (inventory.sealedEntries() > 0) {
            findings.add(Finding.warn(
                    AREA,
                    inventory.sealedEntries() + " certificate entr" + (inventory.sealedEntries() == 1 ? "y" : "ies")
                            + " in Swarm configs, encrypted: their expiry cannot be read without the store key",
                    "give the key the proxy uses: swarmedge doctor --acme-key FILE (the swarmedge-acme-key secret)"));
        }
        List<CertificateInfo> certificates = inventory.certificates().stream()
                .sorted(Comparator.comparing(CertificateInfo::notAfter))
                .toList();
        for (CertificateInfo certificate : certificates) {
            Duration left = Duration.between(snapshot.takenAt(), certificate.notAfter());
            long days = left.toDays();
            String what = certificate.name() + " " + certificate.domains() + ": notAfter " + certificate.notAfter();
            if (left.isNegative() || left.isZero()) {
                findings.add(Finding.fail(
                        AREA,
                        what + ", expired " + (-days) + " day" + (days == -1 ? "" : "s") + " ago: browsers refuse it",
                        "the proxy renews 30 days ahead: see its log (event=certificate-…) for why it could not;"
                                + " HTTP-01 needs port 80 reachable from the internet for these names"));
            } else if (days < WARN_DAYS) {
                findings.add(Finding.warn(
                        AREA,
                        what + ", " + days + " day" + (days == 1 ? "" : "s") + " left: renewal is overdue",
                        "the proxy renews 30 days ahead: see its log for failed orders of " + certificate.domains()));
            } else {
                findings.add(Finding.ok(AREA, what + ", " + days + " days left"));
            }
        }
        if (findings.isEmpty()) {
            boolean resolversUsed = snapshot.scopedServices().stream()
                    .anyMatch(s -> s.labels().keySet().stream().anyMatch(k -> k.endsWith(".tls.certresolver"))
                            || s.words().stream().anyMatch(w -> w.contains("certificatesresolvers.")));
            String where = inventory.sources().isEmpty()
                    ? "no certificate store found"
                    : "no certificates in " + String.join(", ", inventory.sources());
            if (resolversUsed) {
                findings.add(Finding.warn(
                        AREA,
                        where + ", although services ask for an ACME resolver",
                        "point the doctor at the store: --acme-storage DIR|acme.json (as the resolver's storage)"
                                + " or --acme-prefix for Swarm configs"));
            } else {
                findings.add(Finding.ok(AREA, where + "; no service asks for an ACME resolver"));
            }
        }
        return findings;
    }
}
