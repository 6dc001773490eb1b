package io.swarmedge.acme.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.acme.Demand;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.order.AcmeClient;
import io.swarmedge.acme.order.ResolverSettings;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.testing.Keepers;
import io.swarmedge.acme.testing.MutableClock;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed orders back off by the injected clock: no CA is hammered however often the keeper checks. */
class CertificateKeeperBackoffTest {
    @TempDir
    Path dir;

    @Test
    void failedOrdersBackOffExponentiallyByTheClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        DirectoryStore store = DirectoryStore.open(dir, clock);
        // nothing listens on port 1: every order fails at once with "cannot be reached"
        AcmeResolver resolver = new AcmeResolver(
                "le",
                "a@example.com",
                "https://127.0.0.1:1/dir",
                "",
                "EC256",
                Duration.ofHours(2160),
                "",
                "",
                "",
                List.of(),
                "web",
                false);
        AcmeClient client =
                new AcmeClient(ResolverSettings.from(resolver, Map.of()), store, "a", Duration.ofSeconds(5));
        KeeperSettings settings = new KeeperSettings(
                "a",
                Duration.ofMillis(20),
                new RenewalPolicy(Duration.ofMinutes(1), Duration.ofMinutes(8)),
                Duration.ofMinutes(2),
                Duration.ofSeconds(5));
        try (CertificateKeeper keeper = new CertificateKeeper(
                        store, Map.of("le", client), settings, clock, new Random(3), new Keepers.Recorder())
                .start()) {
            keeper.demand(Set.of(new Demand("le", DomainSet.of("a.example.com"))));
            await().atMost(Duration.ofSeconds(30)).until(() -> keeper.ordersFailed() == 1);
            CertificateStatus status = keeper.status().getFirst();
            assertThat(status.caUnreachable()).isTrue();
            assertThat(status.lastError()).contains("https://127.0.0.1:1/dir cannot be reached");
            assertThat(status.nextAttempt())
                    .hasValueSatisfying(t -> assertThat(t)
                            .isBetween(
                                    clock.instant().plus(Duration.ofMinutes(1)),
                                    clock.instant().plusSeconds(76)));

            // checks run every 20 ms, but no order until the back-off has passed
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> keeper.ordersFailed() == 1);
            clock.advance(Duration.ofSeconds(76));
            await().atMost(Duration.ofSeconds(30)).until(() -> keeper.ordersFailed() == 2);

            clock.advance(Duration.ofSeconds(100)); // the second wait is 2 to 2.5 minutes
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> keeper.ordersFailed() == 2);
            clock.advance(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> keeper.ordersFailed() == 3);
            assertThat(keeper.status().getFirst().failures()).isEqualTo(3);
            assertThat(keeper.status().getFirst().state()).isEqualTo(CertificateStatus.State.MISSING);
        }
    }
}
