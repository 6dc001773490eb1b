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
    void aCheckWithoutAResultCountsAsFailing() {
        CheckStatus unweighted = new CheckStatus(check(0, 1, 1, false));
        assertThat(unweighted.pending()).isTrue();
        assertThat(unweighted.forcesFault()).isTrue();
        CheckStatus negative = new CheckStatus(check(-20, 1, 1, false));
        assertThat(negative.priorityDelta()).isEqualTo(-20);
        CheckStatus positive = new CheckStatus(check(20, 1, 1, false));
        assertThat(positive.priorityDelta()).isZero();
        assertThat(positive.record(ProbeResult.HEALTHY))
                .as("the first good result is a change")
                .isTrue();
        assertThat(positive.pending()).isFalse();
        assertThat(positive.priorityDelta()).isEqualTo(20);
    }

    @Test
    void notServingFailsAtOnceWhateverFallSays() {
        CheckStatus s = new CheckStatus(check(0, 2, 3, false));
        s.record(ProbeResult.HEALTHY);
        assertThat(s.record(ProbeResult.FAILED)).isFalse();
        assertThat(s.record(ProbeResult.NOT_SERVING)).isTrue();
        assertThat(s.forcesFault()).isTrue();
        assertThat(s.record(ProbeResult.HEALTHY)).isFalse();
        assertThat(s.record(ProbeResult.NOT_SERVING))
                .as("resets the rise streak")
                .isFalse();
        assertThat(s.record(ProbeResult.HEALTHY)).isFalse();
        assertThat(s.record(ProbeResult.HEALTHY)).isTrue();
    }

    @Test
    void theFirstResultDecidesThenFallAndRiseCountConsecutiveResults() {
        CheckStatus s = new CheckStatus(check(-20, 2, 3, false));
        assertThat(s.record(ProbeResult.HEALTHY))
                .as("pending counted as failing")
                .isTrue();
        assertThat(s.record(ProbeResult.FAILED)).isFalse();
        assertThat(s.record(ProbeResult.FAILED)).isFalse();
        assertThat(s.record(ProbeResult.HEALTHY))
                .as("a success resets the failure streak")
                .isFalse();
        assertThat(s.record(ProbeResult.FAILED)).isFalse();
        assertThat(s.record(ProbeResult.FAILED)).isFalse();
        assertThat(s.record(ProbeResult.FAILED)).isTrue();
        assertThat(s.healthy()).isFalse();
        assertThat(s.priorityDelta()).isEqualTo(-20);
        assertThat(s.record(ProbeResult.HEALTHY)).isFalse();
        assertThat(s.record(ProbeResult.HEALTHY)).isTrue();
        assertThat(s.priorityDelta()).isZero();
    }

    @Test
    void aFirstFailureCountsAtOnce() {
        CheckStatus s = new CheckStatus(check(0, 3, 3, false));
        s.record(ProbeResult.FAILED);
        assertThat(s.pending()).isFalse();
        assertThat(s.forcesFault()).isTrue();
    }

    @Test
    void initFailStartsFailedAndNeedsRise() {
        CheckStatus s = new CheckStatus(check(10, 2, 1, true));
        assertThat(s.healthy()).isFalse();
        assertThat(s.pending()).isFalse();
        assertThat(s.priorityDelta()).isZero();
        assertThat(s.record(ProbeResult.HEALTHY)).isFalse();
        assertThat(s.record(ProbeResult.HEALTHY)).isTrue();
        assertThat(s.priorityDelta()).isEqualTo(10);
    }

    @Test
    void weightsFollowKeepalived() {
        CheckStatus positive = new CheckStatus(check(20, 1, 1, false));
        positive.record(ProbeResult.HEALTHY);
        assertThat(positive.priorityDelta())
                .as("positive weight adds while healthy")
                .isEqualTo(20);
        positive.record(ProbeResult.FAILED);
        assertThat(positive.priorityDelta()).isZero();
        assertThat(positive.forcesFault()).isFalse();
        CheckStatus unweighted = new CheckStatus(check(0, 1, 1, false));
        unweighted.record(ProbeResult.FAILED);
        assertThat(unweighted.forcesFault()).isTrue();
        assertThat(unweighted.priorityDelta()).isZero();
    }
}
