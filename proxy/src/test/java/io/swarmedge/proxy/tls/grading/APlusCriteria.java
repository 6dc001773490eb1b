package io.swarmedge.proxy.tls.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSL Labs A+ criteria that depend on the server, judged from a testssl.sh 3.0.8 report: only TLS
 * 1.2 and 1.3; no NULL, anonymous, export, LOW, 3DES/IDEA or CBC ("average") cipher lists; not
 * vulnerable to any attack testssl tests; secure renegotiation; HSTS of at least 180 days; a chain
 * trusted once the test CA is added, for the scanned name. A finding that is missing or that testssl
 * could not test fails its criterion: a checker that passes on missing data checks nothing.
 */
final class APlusCriteria {
    /** SSL Labs' minimum HSTS max-age for A+: 180 days. */
    static final long MIN_HSTS_SECONDS = 15_552_000L;

    static final List<String> OLD_PROTOCOLS = List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1");

    static final List<String> WEAK_CIPHER_LISTS = List.of(
            "cipherlist_NULL",
            "cipherlist_aNULL",
            "cipherlist_EXPORT",
            "cipherlist_LOW",
            "cipherlist_3DES_IDEA",
            "cipherlist_AVERAGE");

    /**
     * An attack the criteria cover, as testssl names it.
     *
     * @param id testssl's finding id
     * @param cve the first CVE testssl lists for it
     */
    record Vulnerability(String id, String cve) {}

    /** The attacks the criteria cover (renegotiation is judged on its own). */
    static final List<Vulnerability> VULNERABILITIES = List.of(
            new Vulnerability("heartbleed", "CVE-2014-0160"),
            new Vulnerability("CCS", "CVE-2014-0224"),
            new Vulnerability("ticketbleed", "CVE-2016-9244"),
            new Vulnerability("ROBOT", "CVE-2017-17382"),
            new Vulnerability("CRIME_TLS", "CVE-2012-4929"),
            new Vulnerability("POODLE_SSL", "CVE-2014-3566"),
            new Vulnerability("SWEET32", "CVE-2016-2183"),
            new Vulnerability("FREAK", "CVE-2015-0204"),
            new Vulnerability("DROWN", "CVE-2016-0800"),
            new Vulnerability("LOGJAM", "CVE-2015-4000"),
            new Vulnerability("BEAST", "CVE-2011-3389"),
            new Vulnerability("LUCKY13", "CVE-2013-0169"),
            new Vulnerability("RC4", "CVE-2013-2566"));

    private static final Pattern HSTS_SECONDS = Pattern.compile("=(\\d+) seconds");

    private APlusCriteria() {}

    /**
     * Judges {@code report}. {@code probe} is used only when testssl's renegotiation checks could not
     * see the server: it refuses handshakes without SNI and offers TLS 1.2 (see {@link RenegotiationProbe}).
     */
    static Verdict evaluate(TestsslReport report, RenegotiationProbe probe) {
        List<Verdict.Result> results = new ArrayList<>();
        results.add(scanCompleted(report));
        for (String id : OLD_PROTOCOLS) {
            results.add(notOffered(report, id, "protocol " + id + " not offered"));
        }
        results.add(modernProtocolOffered(report));
        for (String id : WEAK_CIPHER_LISTS) {
            results.add(notOffered(report, id, id.substring("cipherlist_".length()) + " cipher list not offered"));
        }
        for (Vulnerability v : VULNERABILITIES) {
            results.add(notVulnerable(report, v));
        }
        boolean probeNeeded = refusesWithoutSni(report) && offered(report, "TLS1_2");
        results.add(secureRenegotiation(report, probeNeeded ? Optional.of(probe) : Optional.empty()));
        results.add(clientRenegotiation(report, probeNeeded ? Optional.of(probe) : Optional.empty()));
        results.add(hsts(report));
        results.add(everyCertificateOk(
                report, "cert_chain_of_trust", "chain of trust passes with the test CA added (--add-ca)"));
        results.add(everyCertificateOk(report, "cert_trust", "certificate valid for the scanned name"));
        return new Verdict(report.target(), report, results);
    }

    private static Verdict.Result scanCompleted(TestsslReport report) {
        List<String> problems = report.findings().stream()
                .filter(f -> f.severity().equals("FATAL"))
                .map(TestsslFinding::quoted)
                .toList();
        if (report.findings().isEmpty()) {
            return new Verdict.Result("scan", "testssl completed the scan", false, List.of("no findings at all"));
        }
        return new Verdict.Result(
                "scan",
                "testssl completed the scan",
                problems.isEmpty(),
                problems.isEmpty() ? List.of(report.findings().size() + " findings") : problems);
    }

    private static Verdict.Result notOffered(TestsslReport report, String id, String criterion) {
        Optional<TestsslFinding> finding = report.find(id);
        return new Verdict.Result(
                id,
                criterion,
                finding.map(f -> f.finding().startsWith("not offered")).orElse(false),
                evidence(finding, id));
    }

    private static Verdict.Result modernProtocolOffered(TestsslReport report) {
        List<String> evidence = new ArrayList<>();
        evidence.addAll(evidence(report.find("TLS1_2"), "TLS1_2"));
        evidence.addAll(evidence(report.find("TLS1_3"), "TLS1_3"));
        return new Verdict.Result(
                "TLS1_2/TLS1_3",
                "TLS 1.2 or TLS 1.3 offered",
                offered(report, "TLS1_2") || offered(report, "TLS1_3"),
                evidence);
    }

    private static boolean offered(TestsslReport report, String id) {
        return report.find(id).map(f -> f.finding().startsWith("offered")).orElse(false);
    }

    private static Verdict.Result notVulnerable(TestsslReport report, Vulnerability v) {
        Optional<TestsslFinding> finding = report.vulnerability(v.id(), v.cve());
        List<String> evidence = new ArrayList<>(evidence(finding, v.id()));
        finding.filter(f -> !f.baseId().equals(v.id()))
                .ifPresent(f -> evidence.add("(testssl 3.0.8 filed its " + v.id() + " result, " + v.cve()
                        + ", under the id " + f.id() + ")"));
        return new Verdict.Result(
                v.id(),
                "not vulnerable to " + v.id() + " (" + v.cve() + ")",
                finding.map(TestsslFinding::harmless).orElse(false),
                evidence);
    }

    /** testssl could not complete a handshake without SNI (reported with the certificate's CN). */
    static boolean refusesWithoutSni(TestsslReport report) {
        return report.find("cert_commonName_wo_SNI")
                .map(f -> f.finding().contains("w/o SNI didn't succeed"))
                .orElse(false);
    }

    private static Verdict.Result secureRenegotiation(TestsslReport report, Optional<RenegotiationProbe> probe) {
        String id = "secure_renego";
        String criterion = "secure renegotiation (RFC 5746) supported";
        Optional<TestsslFinding> finding = report.find(id);
        List<String> evidence = new ArrayList<>(evidence(finding, id));
        if (finding.map(f -> f.severity().equals("OK")).orElse(false)) {
            return new Verdict.Result(id, criterion, true, evidence);
        }
        if (probe.isPresent()) {
            evidence.add("testssl 3.0.8 checks this without SNI, which the server refuses; repeated with SNI:");
            RenegotiationProbe.Outcome outcome = probe.get().secureRenegotiation();
            evidence.add(outcome.evidence());
            return new Verdict.Result(id, criterion, outcome.passed(), evidence);
        }
        return new Verdict.Result(id, criterion, false, evidence);
    }

    private static Verdict.Result clientRenegotiation(TestsslReport report, Optional<RenegotiationProbe> probe) {
        String id = "secure_client_renego";
        String criterion = "client-initiated renegotiation refused";
        Optional<TestsslFinding> finding = report.find(id);
        List<String> evidence = new ArrayList<>(evidence(finding, id));
        if (probe.isPresent()) {
            // testssl's "not vulnerable" here only means its handshake without SNI failed.
            evidence.add("testssl 3.0.8 checks this without SNI, which the server refuses; repeated with SNI:");
            RenegotiationProbe.Outcome outcome = probe.get().clientInitiatedRefused();
            evidence.add(outcome.evidence());
            return new Verdict.Result(
                    id,
                    criterion,
                    outcome.passed() && finding.map(TestsslFinding::harmless).orElse(false),
                    evidence);
        }
        return new Verdict.Result(
                id, criterion, finding.map(TestsslFinding::harmless).orElse(false), evidence);
    }

    private static Verdict.Result hsts(TestsslReport report) {
        String criterion = "HSTS max-age of at least " + MIN_HSTS_SECONDS + " s (180 days)";
        Optional<TestsslFinding> time = report.find("HSTS_time");
        if (time.isEmpty()) {
            Optional<TestsslFinding> hsts = report.find("HSTS");
            return new Verdict.Result("HSTS", criterion, false, evidence(hsts, "HSTS"));
        }
        Matcher m = HSTS_SECONDS.matcher(time.get().finding());
        boolean enough = m.find() && Long.parseLong(m.group(1)) >= MIN_HSTS_SECONDS;
        return new Verdict.Result("HSTS", criterion, enough, List.of(time.get().quoted()));
    }

    private static Verdict.Result everyCertificateOk(TestsslReport report, String id, String criterion) {
        List<TestsslFinding> findings = report.all(id);
        return new Verdict.Result(
                id,
                criterion,
                !findings.isEmpty()
                        && findings.stream().allMatch(f -> f.severity().equals("OK")),
                findings.isEmpty()
                        ? List.of("[" + id + "] missing: testssl did not report it")
                        : findings.stream().map(TestsslFinding::quoted).toList());
    }

    private static List<String> evidence(Optional<TestsslFinding> finding, String id) {
        return List.of(finding.map(TestsslFinding::quoted).orElse("[" + id + "] missing: testssl did not report it"));
    }
}
