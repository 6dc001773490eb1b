package io.swarmedge.vip.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.vip.config.CheckSpec;
import io.swarmedge.vip.config.TrackedCheckConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckStatusTest {
    private static TrackedCheckConfig check(int weight, int rise, int fall, boolean initFail) {
        return new TrackedCheckConfig(
                "c",
                new CheckSpec.Script(List.of("/bin/true")),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                weight,
                rise,
                fall,
                initFail);
    }

    @Test
    void theFirstResultDecidesThenFallAndRiseCountConsecutiveResults() {
        CheckStatus s = new CheckStatus(check(-20, 2, 3, false));
        assertThat(s.record(true)).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(true)).as("a success resets the failure streak").isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isTrue();
        assertThat(s.healthy()).isFalse();
        assertThat(s.priorityDelta()).isEqualTo(-20);
        assertThat(s.record(true)).isFalse();
        assertThat(s.record(true)).isTrue();
        assertThat(s.priorityDelta()).isZero();
    }

    @Test
    void aFirstFailureCountsAtOnce() {
        CheckStatus s = new CheckStatus(check(0, 3, 3, false));
        assertThat(s.record(false)).isTrue();
        assertThat(s.forcesFault()).isTrue();
    }

    @Test
    void initFailStartsFailedAndNeedsRise() {
        CheckStatus s = new CheckStatus(check(10, 2, 1, true));
        assertThat(s.healthy()).isFalse();
        assertThat(s.priorityDelta()).isZero();
        assertThat(s.record(true)).isFalse();
        assertThat(s.record(true)).isTrue();
        assertThat(s.priorityDelta()).isEqualTo(10);
    }

    @Test
    void weightsFollowKeepalived() {
        CheckStatus positive = new CheckStatus(check(20, 1, 1, false));
        positive.record(true);
        assertThat(positive.priorityDelta())
                .as("positive weight adds while healthy")
                .isEqualTo(20);
        positive.record(false);
        assertThat(positive.priorityDelta()).isZero();
        assertThat(positive.forcesFault()).isFalse();
        CheckStatus unweighted = new CheckStatus(check(0, 1, 1, false));
        unweighted.record(false);
        assertThat(unweighted.forcesFault()).isTrue();
        assertThat(unweighted.priorityDelta()).isZero();
    }
}
