package io.swarmedge.proxy.tls.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.proxy.tls.grading.GradingPki.KeyAlgorithm;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validates the grading harness on a reference server: Debian's nginx configured like the seed's
 * Traefik (TLS 1.2+, the three ECDHE-RSA AEAD suites, unknown names refused, HSTS two years) meets
 * every criterion; nginx with TLS 1.0/1.1, CBC suites and no HSTS fails exactly the criteria about
 * those, so the checker is seen failing. Each scan takes 20-110 s on a loaded two-core machine.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NginxGradingIT {
    static final String NAME = "grading.swarmedge.test";

    static Path nginx;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.require("testssl", "testssl.sh");
        Prerequisites.require("openssl", "openssl");
        nginx = Prerequisites.require("nginx", "nginx-light");
    }

    @Test
    void seedLikeNginxWithRsaCertificateMeetsEveryCriterion() {
        Verdict verdict = grade("nginx-seed-rsa2048", KeyAlgorithm.RSA_2048, NginxServer.Tls.seed());

        assertThat(verdict.failedKeys()).as(verdict.render()).isEmpty();
        // The seed's TLS 1.2 suites are ECDHE-RSA: with an RSA key both protocols are served.
        assertThat(verdict.report().find("TLS1_2").orElseThrow().finding()).startsWith("offered");
        assertThat(verdict.report().find("TLS1_3").orElseThrow().finding()).startsWith("offered");
    }

    @Test
    void seedLikeNginxWithEcCertificateMeetsEveryCriterionOnTls13Alone() {
        Verdict verdict = grade("nginx-seed-ecp256", KeyAlgorithm.EC_P256, NginxServer.Tls.seed());

        assertThat(verdict.failedKeys()).as(verdict.render()).isEmpty();
        // No ECDHE-RSA suite works with an EC key, so the seed's options leave TLS 1.3 only.
        assertThat(verdict.report().find("TLS1_2").orElseThrow().finding()).startsWith("not offered");
        assertThat(verdict.report().find("TLS1_3").orElseThrow().finding()).startsWith("offered");
    }

    @Test
    void weakNginxFailsTheCriteriaItBreaks() {
        Verdict verdict = grade("nginx-weak-rsa2048", KeyAlgorithm.RSA_2048, NginxServer.Tls.weak());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.failedKeys())
                .as(verdict.render())
                .isEqualTo(Set.of("TLS1", "TLS1_1", "cipherlist_AVERAGE", "BEAST", "LUCKY13", "HSTS"));
    }

    private Verdict grade(String label, KeyAlgorithm algorithm, NginxServer.Tls tls) {
        GradingPki pki = GradingPki.generate(dir.resolve("pki"), NAME, algorithm, Clock.systemUTC());
        try (NginxServer server = NginxServer.start(nginx, dir.resolve("nginx"), pki, tls)) {
            return TlsGrader.standard()
                    .grade(label, new Testssl.Target(NAME, server.port(), pki.caPem()), dir.resolve("grading"));
        }
    }
}
