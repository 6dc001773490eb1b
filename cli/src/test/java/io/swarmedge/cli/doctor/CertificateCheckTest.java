package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateCheckTest {
    private final CertificateCheck check = new CertificateCheck();

    private static ClusterSnapshot with(CertificateInventory inventory) {
        return Snapshots.recorded().edge().withObservations(VipObservation.given(List.of()), inventory, List.of());
    }

    private static CertificateInfo expiringIn(String name, Duration left) {
        return new CertificateInfo(name, List.of(name), Snapshots.NOW.plus(left));
    }

    @Test
    void expiredFailsUnderThirtyDaysWarnsElseOkSoonestFirst() {
        List<Finding> findings = check.check(with(new CertificateInventory(
                List.of("/data/acme"),
                List.of(
                        expiringIn("fine.example", Duration.ofDays(60)),
                        expiringIn("old.example", Duration.ofDays(-2)),
                        expiringIn("soon.example", Duration.ofDays(10).plusHours(1))),
                0,
                List.of())));

        assertThat(findings).extracting(Finding::status).containsExactly(Status.FAIL, Status.WARN, Status.OK);
        assertThat(findings.get(0).message()).contains("old.example [old.example]: notAfter", "expired 2 days ago");
        assertThat(findings.get(1).message()).contains("10 days left: renewal is overdue");
        assertThat(findings.get(2).message()).contains("60 days left");
    }

    @Test
    void sealedSwarmConfigEntriesAskForTheKey() {
        List<Finding> findings = check.check(
                with(new CertificateInventory(List.of("swarm configs swarmedge-acme-*"), List.of(), 3, List.of())));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.WARN);
            assertThat(f.message()).startsWith("3 certificate entries in Swarm configs, encrypted");
            assertThat(f.fix()).contains("--acme-key FILE");
        });
    }

    @Test
    void noStoreIsFineWhenNoServiceAsksForAResolver() {
        assertThat(check.check(with(CertificateInventory.empty())))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.status()).isEqualTo(Status.OK);
                    assertThat(f.message())
                            .isEqualTo("no certificate store found; no service asks for an ACME resolver");
                });
    }
}
