package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff =
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15), new SplittableRandom(42));

    @Test
    void doublesFromTheInitialDelayWithJitterInTheUpperHalf() {
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 15000, 15000};
        for (int failures = 1; failures <= ceilings.length; failures++) {
            for (int i = 0; i < 50; i++) {
                long ms = backoff.delay(failures).toMillis();
                assertThat(ms).as("failure %d", failures).isBetween(ceilings[failures - 1] / 2, ceilings[failures - 1]);
            }
        }
    }

    @Test
    void staysCappedForever() {
        for (int failures : new int[] {10, 31, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(failures)).isBetween(Duration.ofMillis(7500), Duration.ofSeconds(15));
        }
        assertThat(backoff.delay(0)).isLessThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesBoundsThatMakeNoSense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
