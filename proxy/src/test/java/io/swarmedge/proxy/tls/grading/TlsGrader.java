package io.swarmedge.proxy.tls.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades a TLS server on loopback against the A+ criteria: one testssl.sh scan, judged by {@link
 * APlusCriteria}, with SNI renegotiation probes where testssl cannot see the server. The readable
 * verdict is logged and kept in {@code target/tls-grading/<label>.txt}.
 *
 * <pre>{@code
 * Verdict verdict = TlsGrader.standard().grade("nginx-rsa", new Testssl.Target(name, port, caPem), workDir);
 * assertThat(verdict.passed()).as(verdict.render()).isTrue();
 * }</pre>
 *
 * @param testssl the scanner
 * @param probeTimeout per {@code openssl s_client} probe
 * @param reports where verdicts are kept after the test's temporary directory is gone
 */
record TlsGrader(Testssl testssl, Duration probeTimeout, Path reports) {
    private static final Logger LOG = LoggerFactory.getLogger(TlsGrader.class);

    static TlsGrader standard() {
        return new TlsGrader(Testssl.standard(), Duration.ofSeconds(30), Path.of("target", "tls-grading"));
    }

    Verdict grade(String label, Testssl.Target target, Path workDir) {
        TestsslReport report = testssl.scan(target, workDir.resolve("testssl"));
        Verdict verdict = APlusCriteria.evaluate(
                report,
                new OpensslRenegotiationProbe(
                        target.port(), target.serverName(), workDir.resolve("probes"), probeTimeout));
        String text = label + ": " + verdict.render();
        LOG.info("tls-grading label={} passed={} failed={}\n{}", label, verdict.passed(), verdict.failedKeys(), text);
        try {
            Files.createDirectories(reports);
            Files.writeString(reports.resolve(label + ".txt"), text);
            Files.copy(
                    workDir.resolve("testssl").resolve("testssl.json"),
                    reports.resolve(label + ".json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the verdict in " + reports, e);
        }
        return verdict;
    }
}
