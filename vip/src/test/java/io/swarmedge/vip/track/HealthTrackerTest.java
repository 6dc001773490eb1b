package io.swarmedge.vip.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.swarmedge.vip.config.CheckSpec;
import io.swarmedge.vip.config.TrackedCheckConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTrackerTest {
    private static TrackedCheckConfig script(String name, String shell, int weight, Duration timeout) {
        return new TrackedCheckConfig(
                name,
                new CheckSpec.Script(List.of("/bin/sh", "-c", shell)),
                Duration.ofMillis(50),
                timeout,
                weight,
                1,
                1,
                false);
    }

    @Test
    void checksWithoutAResultCountAsFailing() {
        try (HealthTracker tracker = new HealthTracker(
                "t",
                List.of(
                        script("slow", "exit 0", 0, Duration.ofSeconds(1)),
                        script("w", "exit 0", 30, Duration.ofSeconds(1))))) {
            HealthTracker.Verdict before = tracker.verdict();
            assertThat(before.faultReason()).contains("check \"slow\" has no result yet");
            assertThat(before.priorityDelta())
                    .as("a positive weight is not earned yet")
                    .isZero();
        }
    }

    @Test
    void theFirstVerdictWaitsForASlowCheck() {
        try (HealthTracker tracker =
                new HealthTracker("t", List.of(script("slow", "sleep 0.6; exit 0", 0, Duration.ofSeconds(3))))) {
            AtomicInteger changes = new AtomicInteger();
            long start = System.nanoTime();
            tracker.start(changes::incrementAndGet);
            HealthTracker.Verdict first = tracker.awaitFirstResults();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
            assertThat(first.faultReason()).isEmpty();
            assertThat(changes.get())
                    .as("the first good result is reported too")
                    .isEqualTo(1);
        }
    }

    @Test
    void aSlowFailingFirstResultIsAFault() {
        try (HealthTracker tracker =
                new HealthTracker("t", List.of(script("proxy", "sleep 0.3; exit 1", 0, Duration.ofSeconds(3))))) {
            tracker.start(() -> {});
            assertThat(tracker.awaitFirstResults().faultReason()).contains("check \"proxy\" failed");
        }
    }

    @Test
    void everyLaterChangeIsReportedAndTheLatestVerdictWins(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("fail");
        try (HealthTracker tracker = new HealthTracker(
                "t",
                List.of(
                        script("a", "test ! -e " + flag, 0, Duration.ofSeconds(1)),
                        script("b", "test ! -e " + flag, -20, Duration.ofSeconds(1))))) {
            AtomicInteger changes = new AtomicInteger();
            tracker.start(changes::incrementAndGet);
            assertThat(tracker.awaitFirstResults()).isEqualTo(new HealthTracker.Verdict(0, Optional.empty()));
            int afterStart = changes.get();
            Files.writeString(flag, "x");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(tracker.verdict())
                            .isEqualTo(new HealthTracker.Verdict(-20, Optional.of("check \"a\" failed"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() == afterStart + 2);
            Files.delete(flag);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() ->
                            assertThat(tracker.verdict()).isEqualTo(new HealthTracker.Verdict(0, Optional.empty())));
        }
    }
}
