package io.swarmedge.acme.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmedge.acme.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStoreTest {
    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    DirectoryStore store;

    @BeforeEach
    void open() {
        store = DirectoryStore.open(dir, clock);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesLoadsListsAndDeletes() throws Exception {
        store.store(StoreKey.of("certificates", "le", "a.example.com"), bytes("one"));
        store.store(StoreKey.of("certificates", "le", "a.example.com"), bytes("two"));
        store.store(StoreKey.of("accounts", "le"), bytes("account"));

        assertThat(store.load(StoreKey.of("certificates", "le", "a.example.com")))
                .hasValueSatisfying(
                        v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("two"));
        assertThat(store.list("certificates/")).containsExactly(StoreKey.of("certificates", "le", "a.example.com"));
        assertThat(store.list("")).hasSize(2);
        assertThat(Files.getPosixFilePermissions(dir.resolve("accounts/le")).toString())
                .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }

        store.delete(StoreKey.of("accounts", "le"));
        store.delete(StoreKey.of("accounts", "le"));
        assertThat(store.load(StoreKey.of("accounts", "le"))).isEmpty();
    }

    @Test
    void refusesASymbolicLinkNamingThePath() throws Exception {
        Files.createDirectories(dir.resolve("certificates/le"));
        Path secret = Files.writeString(dir.getParent().resolve("outside-" + System.nanoTime()), "secret");
        Files.createSymbolicLink(dir.resolve("certificates/le/evil.example.com"), secret);

        assertThatThrownBy(() -> store.load(StoreKey.of("certificates", "le", "evil.example.com")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(
                        dir.resolve("certificates/le/evil.example.com").toString())
                .hasMessageContaining("symbolic link");
        assertThat(store.list("")).isEmpty();
        Files.delete(secret);
    }

    @Test
    void refusesADirectoryLinkLeadingOutside() throws Exception {
        Path outside = Files.createTempDirectory("outside");
        Files.createSymbolicLink(dir.resolve("certificates"), outside);

        assertThatThrownBy(() -> store.store(StoreKey.of("certificates", "le"), bytes("x")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("leads outside the store");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refusesOversizedEntries() throws Exception {
        Files.write(dir.resolve("big"), new byte[CertificateStore.MAX_ENTRY_BYTES + 1]);
        assertThatThrownBy(() -> store.load(new StoreKey("big")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.resolve("big").toString())
                .hasMessageContaining("more than");
        assertThat(dir.resolve("big")).exists();
    }

    @Test
    void keysCannotLeaveTheStore() {
        assertThatThrownBy(() -> new StoreKey("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreKey.of("a", "", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoreKey("/abs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoreKey(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLockIsExclusiveUntilItsLeaseExpires() {
        Lease a =
                store.tryLock("order.le.x", "replica-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(store.tryLock("order.le.x", "replica-b", Duration.ofSeconds(30)))
                .isEmpty();

        clock.advance(Duration.ofSeconds(20));
        Lease renewed = store.renew(a, Duration.ofSeconds(30)).orElseThrow();
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.tryLock("order.le.x", "replica-b", Duration.ofSeconds(30)))
                .as("renewed lease still held")
                .isEmpty();

        clock.advance(Duration.ofSeconds(11));
        Lease b =
                store.tryLock("order.le.x", "replica-b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(b.owner()).isEqualTo("replica-b");
        assertThat(store.renew(renewed, Duration.ofSeconds(30)))
                .as("the old holder lost it")
                .isEmpty();
        store.unlock(renewed); // not ours any more: must not release b's lock
        assertThat(store.tryLock("order.le.x", "replica-c", Duration.ofSeconds(30)))
                .isEmpty();

        store.unlock(b);
        assertThat(store.tryLock("order.le.x", "replica-c", Duration.ofSeconds(30)))
                .isPresent();
    }

    @Test
    void anExpiredLeaseIsNotRenewed() {
        Lease a = store.tryLock("order.le.late", "replica-a", Duration.ofSeconds(30))
                .orElseThrow();
        clock.advance(Duration.ofSeconds(31));
        assertThat(store.renew(a, Duration.ofSeconds(30)))
                .as("too late: someone may be taking it over")
                .isEmpty();
        assertThat(store.tryLock("order.le.late", "replica-b", Duration.ofSeconds(30)))
                .isPresent();
    }

    @Test
    void aGarbledLockFileIsTakenOverOnceOldEnough() throws Exception {
        Files.createDirectories(dir.resolve(".locks"));
        Path lock = Files.writeString(dir.resolve(".locks/order.le.y.lock"), "garbage");
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(clock.instant()));
        assertThat(store.tryLock("order.le.y", "replica-a", Duration.ofSeconds(30)))
                .isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(store.tryLock("order.le.y", "replica-a", Duration.ofSeconds(30)))
                .isPresent();
    }

    @Test
    void aHeldLockIsRenewedWhileHeldAndReleasedOnClose() throws Exception {
        DirectoryStore realTime = DirectoryStore.open(dir, java.time.Clock.systemUTC());
        try (HeldLock held = HeldLock.tryAcquire(realTime, "order.le.z", "replica-a", Duration.ofMillis(300))
                .orElseThrow()) {
            Instant first = held.lease().expiresAt();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> held.lease().expiresAt().isAfter(first));
            assertThat(realTime.tryLock("order.le.z", "replica-b", Duration.ofSeconds(1)))
                    .isEmpty();
        }
        assertThat(realTime.tryLock("order.le.z", "replica-b", Duration.ofSeconds(1)))
                .isPresent();
    }

    @Test
    void racingReplicasTakeAStaleLockOverOnlyOnce() throws Exception {
        int replicas = 8;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(replicas)) {
            for (int round = 0; round < 25; round++) {
                String lock = "order.le.race" + round;
                store.tryLock(lock, "dead-replica", Duration.ofSeconds(30)).orElseThrow();
                clock.advance(Duration.ofSeconds(31));
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(replicas);
                java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int i = 0; i < replicas; i++) {
                    String owner = "replica-" + i;
                    DirectoryStore own = DirectoryStore.open(dir, clock); // each replica opens the directory
                    results.add(pool.submit(() -> {
                        start.await();
                        // a replica retries at once when it lost, as a keeper's next check would
                        return own.tryLock(lock, owner, Duration.ofSeconds(30)).isPresent()
                                || own.tryLock(lock, owner, Duration.ofSeconds(30))
                                        .isPresent();
                    }));
                }
                long winners = 0;
                for (var r : results) {
                    winners += r.get() ? 1 : 0;
                }
                assertThat(winners).as("round " + round).isEqualTo(1);
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve(".locks"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.matches("order\\.le\\.race\\d+\\.lock"));
        }
    }
}
