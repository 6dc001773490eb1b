package io.swarmedge.acme.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.testing.TestCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final CertificateBundle ninetyDays =
            TestCertificates.issue(DomainSet.of("a.example.com"), start, start.plus(Duration.ofDays(90)));

    @Test
    void renewalStartsInTheLastThirdWithJitterInsideIt() {
        assertThat(RenewalPolicy.renewAt(ninetyDays, Duration.ofHours(2160), 0.0))
                .isEqualTo(start.plus(Duration.ofDays(60)));
        assertThat(RenewalPolicy.renewAt(ninetyDays, Duration.ofHours(2160), 0.999))
                .isBetween(start.plus(Duration.ofDays(60)), start.plus(Duration.ofDays(70)));
    }

    @Test
    void aShorterCertificatesDurationRenewsEarlier() {
        assertThat(RenewalPolicy.renewAt(ninetyDays, Duration.ofDays(30), 0.0))
                .isEqualTo(start.plus(Duration.ofDays(20)));
    }

    @Test
    void backOffDoublesUpToTheCapWithUpToAQuarterJitter() {
        RenewalPolicy policy = new RenewalPolicy(Duration.ofMinutes(5), Duration.ofHours(6));
        Random random = new Random(1);
        assertThat(policy.backoff(1, random))
                .isBetween(
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5).multipliedBy(5).dividedBy(4));
        assertThat(policy.backoff(3, random)).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(25));
        assertThat(policy.backoff(50, random)).isBetween(Duration.ofHours(6), Duration.ofMinutes(450));
    }
}
