package io.swarmedge.proxy.tls.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The A+ criteria judged on stored testssl.sh reports; the table is {@code criteria-cases.txt}. */
class APlusCriteriaTest {
    record Case(String report, boolean secureProbe, boolean clientProbe, Set<String> failing) {
        @Override
        public String toString() {
            return report + " probes=" + secureProbe + "/" + clientProbe + " failing=" + failing;
        }
    }

    /** Canned probe outcomes, counting how often the criteria asked. */
    record FixedProbe(boolean secure, boolean client, AtomicInteger calls) implements RenegotiationProbe {
        @Override
        public Outcome secureRenegotiation() {
            calls.incrementAndGet();
            return new Outcome(secure, "fixed probe: " + secure);
        }

        @Override
        public Outcome clientInitiatedRefused() {
            calls.incrementAndGet();
            return new Outcome(client, "fixed probe: " + client);
        }
    }

    static List<Case> cases() {
        return read("criteria-cases.txt")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> {
                    String[] f = l.split(" \\| ");
                    Set<String> failing = f[3].equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(f[3].split(",")));
                    return new Case(f[0], f[1].equals("pass"), f[2].equals("pass"), failing);
                })
                .toList();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void judgesStoredReports(Case c) {
        Verdict verdict = APlusCriteria.evaluate(
                report(c.report()), new FixedProbe(c.secureProbe(), c.clientProbe(), new AtomicInteger()));

        assertThat(verdict.failedKeys()).as(verdict.render()).isEqualTo(c.failing());
        assertThat(verdict.passed()).isEqualTo(c.failing().isEmpty());
    }

    @Test
    void probesOnlyWhenTestsslCouldNotSeeTheServer() {
        AtomicInteger strict = new AtomicInteger();
        AtomicInteger lenient = new AtomicInteger();
        AtomicInteger tls13Only = new AtomicInteger();

        APlusCriteria.evaluate(report("nginx-seed-rsa2048.json"), new FixedProbe(true, true, strict));
        APlusCriteria.evaluate(report("nginx-weak-rsa2048.json"), new FixedProbe(true, true, lenient));
        APlusCriteria.evaluate(report("nginx-seed-ecp256.json"), new FixedProbe(true, true, tls13Only));

        assertThat(strict).hasValue(2);
        assertThat(lenient).hasValue(0);
        assertThat(tls13Only).hasValue(0);
    }

    @Test
    void verdictQuotesFindingIdsAndTheFilingQuirk() {
        String text = APlusCriteria.evaluate(
                        report("nginx-seed-ecp256.json"), new FixedProbe(true, true, new AtomicInteger()))
                .render();

        assertThat(text)
                .contains(": PASS")
                .contains("pass SSLv3")
                .contains("[TLS1_1] INFO not offered")
                .contains("[HSTS_time] OK 730 days (=63072000 seconds)")
                .contains("filed its SWEET32 result, CVE-2016-2183, under the id CRIME_TLS");
    }

    @Test
    void weakServerVerdictSaysWhatFailed() {
        Verdict verdict = APlusCriteria.evaluate(
                report("nginx-weak-rsa2048.json"), new FixedProbe(true, true, new AtomicInteger()));

        assertThat(verdict.render())
                .contains("FAIL, 6 of 30 criteria failed")
                .contains("[TLS1] LOW offered (deprecated)")
                .contains("[cipherlist_AVERAGE] LOW offered")
                .contains("[HSTS] LOW not offered");
    }

    @Test
    void rejectsOutputThatIsNotFlatJson() {
        assertThatThrownBy(() -> TestsslReport.parse("t", "{\"scanResult\": []}", Duration.ZERO, "pretty.json"))
                .hasMessageContaining("pretty.json")
                .hasMessageContaining("flat JSON");
        assertThatThrownBy(() -> TestsslReport.parse("t", "[{\"finding\": \"x\"}]", Duration.ZERO, "odd.json"))
                .hasMessageContaining("odd.json: finding #0 has no id or severity");
        assertThatThrownBy(() -> TestsslReport.parse("t", "[{", Duration.ZERO, "cut.json"))
                .hasMessageContaining("cut.json: not JSON");
    }

    private static TestsslReport report(String name) {
        return TestsslReport.parse(name, read(name), Duration.ofSeconds(60), name);
    }

    private static String read(String name) {
        try (InputStream in =
                Objects.requireNonNull(APlusCriteriaTest.class.getResourceAsStream(name), "test resource " + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
