package io.swarmedge.acme.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.swarmedge.acme.Demand;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.challenge.ChallengeResponder;
import io.swarmedge.acme.renewal.CertificateKeeper;
import io.swarmedge.acme.testing.ChallengeServer;
import io.swarmedge.acme.testing.Keepers;
import io.swarmedge.acme.testing.MutableClock;
import io.swarmedge.acme.testing.PebbleCa;
import io.swarmedge.acme.testing.Resolvers;
import io.swarmedge.acme.testing.Swarm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Swarm config store against the real single-node swarm; every object it makes is removed. */
class SwarmConfigStoreIT {
    /** The store talks to $SWARMEDGE_IT_DOCKER_ENDPOINT (e.g. a socket proxy's edge profile) or the local socket. */
    private static final URI DOCKER =
            URI.create(java.util.Optional.ofNullable(System.getenv("SWARMEDGE_IT_DOCKER_ENDPOINT"))
                    .filter(v -> !v.isBlank())
                    .orElse("unix:///var/run/docker.sock"));

    @TempDir
    Path temp;

    String prefix;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    StoreCipher cipher;
    SwarmConfigStore store;

    @BeforeEach
    void open() throws Exception {
        Swarm.require();
        prefix = "swarmedge-acme-test-"
                + HexFormat.of()
                        .toHexDigits(ThreadLocalRandom.current().nextInt())
                        .substring(0, 6) + "-";
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        Path keyFile = Files.writeString(
                temp.resolve("swarmedge-acme-key"), Base64.getEncoder().encodeToString(key) + "\n");
        cipher = StoreCipher.fromKeyFile(keyFile);
        store = new SwarmConfigStore(DOCKER, prefix, cipher, clock);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (store != null) {
            store.close();
            Swarm.removeConfigs(prefix);
            assertThat(Swarm.configs(prefix)).isEmpty();
        }
    }

    @Test
    void storesVersionsAndKeepsOnlyTheNewest() throws Exception {
        StoreKey key = StoreKey.of("certificates", "le", "a.example.com");
        store.store(key, "first -----BEGIN PRIVATE KEY-----".getBytes(StandardCharsets.UTF_8));
        store.store(key, "second -----BEGIN PRIVATE KEY-----".getBytes(StandardCharsets.UTF_8));
        store.store(StoreKey.of("accounts", "le"), "account".getBytes(StandardCharsets.UTF_8));

        assertThat(store.load(key))
                .hasValueSatisfying(
                        v -> assertThat(new String(v, StandardCharsets.UTF_8)).startsWith("second"));
        assertThat(store.list("certificates/")).containsExactly(key);
        assertThat(store.list("")).hasSize(2);
        assertThat(Swarm.configs(prefix))
                .hasSize(2)
                .anySatisfy(
                        n -> assertThat(n).startsWith(prefix + "a-example-com-").endsWith("-2"));

        String name = Swarm.configs(prefix).stream()
                .filter(n -> n.startsWith(prefix + "a-example"))
                .findFirst()
                .orElseThrow();
        String data = Swarm.docker("config", "inspect", "--format", "{{json .Spec.Data}}", name);
        String raw =
                new String(Base64.getDecoder().decode(data.strip().replace("\"", "")), StandardCharsets.ISO_8859_1);
        assertThat(raw).as("encrypted at rest").doesNotContain("PRIVATE KEY").startsWith("SEA1");

        store.delete(key);
        assertThat(store.load(key)).isEmpty();
        assertThat(Swarm.configs(prefix)).hasSize(1);
    }

    @Test
    void anotherKeyCannotReadAndSaysWhichConfig() throws Exception {
        StoreKey key = StoreKey.of("accounts", "le");
        store.store(key, "secret".getBytes(StandardCharsets.UTF_8));
        byte[] other = new byte[32];
        try (SwarmConfigStore wrongKey = new SwarmConfigStore(DOCKER, prefix, StoreCipher.of(other), clock)) {
            assertThatThrownBy(() -> wrongKey.load(key))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("config " + prefix + "le-")
                    .hasMessageContaining("cannot decrypt");
        }
        assertThat(store.load(key)).isPresent();
    }

    @Test
    void aForeignOrAlteredVersionIsAClearErrorAndIsNeverDeleted() throws Exception {
        StoreKey key = StoreKey.of("certificates", "le", "h.example.com");
        store.store(key, "v1".getBytes(StandardCharsets.UTF_8));
        String v1 = Swarm.configs(prefix).getFirst();
        String v2 = v1.substring(0, v1.length() - 1) + "2";
        Path garbage = Files.writeString(temp.resolve("garbage"), "not encrypted");
        Swarm.docker(
                "config",
                "create",
                "--label",
                SwarmConfigStore.LABEL_KEY + "=" + key.value(),
                "--label",
                SwarmConfigStore.LABEL_KIND + "=entry",
                "--label",
                SwarmConfigStore.LABEL_VERSION + "=2",
                v2,
                garbage.toString());

        assertThatThrownBy(() -> store.load(key))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("config " + v2 + ": not an encrypted swarmedge entry");

        store.store(key, "v3".getBytes(StandardCharsets.UTF_8));
        assertThat(store.load(key))
                .hasValueSatisfying(
                        v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v3"));
        assertThat(Swarm.configs(prefix))
                .as("v1 replaced, the unreadable v2 kept")
                .contains(v2)
                .doesNotContain(v1)
                .hasSize(2);
    }

    @Test
    void locksAreExclusiveRenewableAndTakenOverAfterExpiry() {
        Lease a =
                store.tryLock("order.le.x", "replica-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(store.tryLock("order.le.x", "replica-b", Duration.ofSeconds(30)))
                .isEmpty();

        clock.advance(Duration.ofSeconds(20));
        Lease renewed = store.renew(a, Duration.ofSeconds(30)).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.tryLock("order.le.x", "replica-b", Duration.ofSeconds(30)))
                .isEmpty();

        clock.advance(Duration.ofSeconds(11));
        Lease b =
                store.tryLock("order.le.x", "replica-b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(store.renew(renewed, Duration.ofSeconds(30))).isEmpty();
        store.unlock(renewed);
        assertThat(store.tryLock("order.le.x", "replica-c", Duration.ofSeconds(30)))
                .isEmpty();

        store.unlock(b);
        assertThat(store.tryLock("order.le.x", "replica-c", Duration.ofSeconds(30)))
                .isPresent();
    }

    @Test
    void aKeeperOrdersThroughTheSwarmStore() throws Exception {
        try (PebbleCa ca = PebbleCa.start(temp.resolve("pebble"), 0);
                SwarmConfigStore replicaB = new SwarmConfigStore(DOCKER, prefix, cipher, java.time.Clock.systemUTC());
                SwarmConfigStore replicaA = new SwarmConfigStore(DOCKER, prefix, cipher, java.time.Clock.systemUTC());
                // the CA's requests reach replica B only: it answers from what A published in the swarm
                ChallengeServer server =
                        new ChallengeServer(new ChallengeResponder(replicaB), ca.httpPort, ca.tlsPort)) {
            var recorder = new Keepers.Recorder();
            var resolver = Resolvers.resolver("le", ca, "admin@swarmedge.example.com", true, false);
            try (CertificateKeeper keeper = Keepers.keeper(replicaA, ca, "replica-a", recorder, resolver)
                    .start()) {
                keeper.demand(Set.of(new Demand("le", DomainSet.of("swarm.swarmedge.example.com"))));
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> !recorder.last().certificates().isEmpty());
            }
            assertThat(server.httpAnswers.get()).isPositive();
            assertThat(replicaB.list("certificates/"))
                    .containsExactly(StoreKey.of("certificates", "le", "swarm.swarmedge.example.com"));
            assertThat(replicaB.list("challenges/")).isEmpty();
        }
    }
}
