package io.swarmedge.acme.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.Demand;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.challenge.ChallengeResponder;
import io.swarmedge.acme.store.DirectoryStore;
import io.swarmedge.acme.testing.ChallengeServer;
import io.swarmedge.acme.testing.Keepers;
import io.swarmedge.acme.testing.PebbleCa;
import io.swarmedge.acme.testing.Resolvers;
import io.swarmedge.config.staticconfig.AcmeResolver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renewal and CA outages with certificates pebble issues for 12 seconds. */
class RenewalIT {
    private static final long VALIDITY_SECONDS = 12;

    @TempDir
    Path temp;

    @Test
    void renewsInTheLastThirdOfTheLifetime() throws Exception {
        try (PebbleCa ca = PebbleCa.start(temp.resolve("pebble"), VALIDITY_SECONDS);
                DirectoryStore store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());
                ChallengeServer server = new ChallengeServer(new ChallengeResponder(store), ca.httpPort, ca.tlsPort)) {
            AcmeResolver resolver = Resolvers.resolver("le", ca, "admin@swarmedge.example.com", true, false);
            var recorder = new Keepers.Recorder();
            Demand demand = new Demand("le", DomainSet.of("renew.swarmedge.example.com"));
            try (CertificateKeeper keeper =
                    Keepers.keeper(store, ca, "replica-a", recorder, resolver).start()) {
                keeper.demand(Set.of(demand));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !recorder.last().certificates().isEmpty());
                CertificateBundle first =
                        recorder.last().certificates().getFirst().bundle();

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !recorder.last()
                                .certificates()
                                .getFirst()
                                .bundle()
                                .leaf()
                                .equals(first.leaf()));
                Instant renewedAt = Instant.now();

                Duration lifetime = first.lifetime();
                assertThat(renewedAt)
                        .isAfterOrEqualTo(
                                first.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3)));
                assertThat(renewedAt)
                        .as("renewed before expiry")
                        .isBefore(first.notAfter().plusSeconds(2));
                assertThat(keeper.ordersPlaced()).isGreaterThanOrEqualTo(2);
                assertThat(keeper.ordersFailed())
                        .as(() -> "failed orders: " + keeper.status())
                        .isZero();
            }
        }
    }

    @Test
    void keepsServingWhenTheCaIsGoneEvenPastExpiryAndRecovers() throws Exception {
        try (PebbleCa ca = PebbleCa.start(temp.resolve("pebble"), VALIDITY_SECONDS);
                DirectoryStore store = DirectoryStore.open(temp.resolve("store"), Clock.systemUTC());
                ChallengeServer server = new ChallengeServer(new ChallengeResponder(store), ca.httpPort, ca.tlsPort)) {
            AcmeResolver resolver = Resolvers.resolver("le", ca, "admin@swarmedge.example.com", true, false);
            var recorder = new Keepers.Recorder();
            Demand demand = new Demand("le", DomainSet.of("outage.swarmedge.example.com"));
            try (CertificateKeeper keeper =
                    Keepers.keeper(store, ca, "replica-a", recorder, resolver).start()) {
                keeper.demand(Set.of(demand));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !recorder.last().certificates().isEmpty());
                CertificateBundle old =
                        recorder.last().certificates().getFirst().bundle();

                ca.stopPebble();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> keeper.status().getFirst().state() == CertificateStatus.State.EXPIRED);

                CertificateStatus status = keeper.status().getFirst();
                assertThat(status.caUnreachable()).isTrue();
                assertThat(status.failures()).isPositive();
                assertThat(status.lastError()).contains("cannot be reached").contains(ca.directoryUrl());
                assertThat(status.nextAttempt()).isPresent();
                assertThat(keeper.certificates().forName("outage.swarmedge.example.com"))
                        .as("the expired certificate is still served")
                        .hasValueSatisfying(s -> assertThat(s.bundle().leaf()).isEqualTo(old.leaf()));

                ca.startPebble(); // a fresh pebble: it forgot our account too
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> keeper.status().getFirst().state() == CertificateStatus.State.VALID
                                && !recorder.last()
                                        .certificates()
                                        .getFirst()
                                        .bundle()
                                        .leaf()
                                        .equals(old.leaf()));
                assertThat(keeper.status().getFirst().failures()).isZero();
                assertThat(keeper.certificates()
                                .forName("outage.swarmedge.example.com")
                                .orElseThrow()
                                .bundle()
                                .leaf())
                        .isNotEqualTo(old.leaf());
            }
        }
    }
}
