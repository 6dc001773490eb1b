package io.swarmedge.vip.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdvertisementPaceTest {
    private static final long MS = 1_000_000L;
    private final AdvertisementPace pace = new AdvertisementPace(Duration.ofMillis(100));

    @Test
    void aSteadyMasterIsNeverLate() {
        assertThat(pace.sent(0)).isEmpty();
        assertThat(pace.sent(100 * MS)).isEmpty();
        assertThat(pace.sent(290 * MS)).isEmpty(); // 190 ms: a slow beat, still under two intervals
    }

    @Test
    void aGapOfMoreThanTwoIntervalsIsReportedWithItsLength() {
        pace.sent(0);

        assertThat(pace.sent(452 * MS)).contains(Duration.ofMillis(452));
        assertThat(pace.sent(552 * MS)).isEmpty();
    }

    @Test
    void leavingMasterStartsANewRhythm() {
        pace.sent(0);
        pace.reset();

        assertThat(pace.sent(60_000 * MS)).isEmpty();
    }
}
