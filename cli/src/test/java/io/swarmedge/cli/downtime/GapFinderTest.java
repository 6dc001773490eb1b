package io.swarmedge.cli.downtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapFinderTest {
    private static final long MS = 1_000_000;

    private static Sample ok(long startMs) {
        return new Sample(startMs * MS, 2 * MS, new Outcome.Answered(200), ConnectionMode.NEW, "GET");
    }

    private static Sample fail(long startMs, FailureKind kind) {
        return new Sample(
                startMs * MS, 1 * MS, new Outcome.Failed(kind, kind.label() + " detail"), ConnectionMode.NEW, "GET");
    }

    @Test
    void noFailuresNoGaps() {
        assertThat(GapFinder.find(List.of(ok(0), ok(10), ok(20)))).isEmpty();
        assertThat(GapFinder.find(List.of())).isEmpty();
    }

    @Test
    void aRunOfFailuresLastsUntilTheNextSuccessStarts() {
        List<Gap> gaps = GapFinder.find(List.of(
                ok(0),
                fail(100, FailureKind.REFUSED),
                fail(120, FailureKind.RESET),
                fail(140, FailureKind.REFUSED),
                ok(300),
                ok(320)));
        assertThat(gaps).singleElement().satisfies(gap -> {
            assertThat(gap.startMs()).isEqualTo(100.0);
            assertThat(gap.lengthMs()).isEqualTo(200.0);
            assertThat(gap.failures()).isEqualTo(3);
            assertThat(gap.kinds()).containsExactly(java.util.Map.entry("refused", 2), java.util.Map.entry("reset", 1));
            assertThat(gap.firstDetail()).isEqualTo("refused detail");
        });
    }

    @Test
    void samplesAreOrderedByStartWhateverTheInputOrder() {
        List<Sample> samples = new ArrayList<>(List.of(
                ok(300),
                fail(140, FailureKind.TIMEOUT),
                ok(0),
                fail(100, FailureKind.TIMEOUT),
                ok(500),
                fail(400, FailureKind.SERVER_ERROR)));
        List<Gap> gaps = GapFinder.find(samples);
        assertThat(gaps).extracting(Gap::startMs).containsExactly(100.0, 400.0);
        assertThat(gaps).extracting(Gap::lengthMs).containsExactly(200.0, 100.0);
        assertThat(gaps.get(1).kinds()).containsOnlyKeys("5xx");
    }

    @Test
    void aSuccessInTheMiddleSplitsTheGap() {
        assertThat(GapFinder.find(List.of(fail(0, FailureKind.RESET), ok(10), fail(20, FailureKind.RESET), ok(30))))
                .hasSize(2);
    }

    @Test
    void aGapStillOpenAtTheEndLastsUntilItsLastFailureEnded() {
        Sample slow = new Sample(
                150 * MS, 1000 * MS, new Outcome.Failed(FailureKind.TIMEOUT, "t"), ConnectionMode.KEEP_ALIVE, "POST");
        List<Gap> gaps = GapFinder.find(List.of(ok(0), fail(100, FailureKind.REFUSED), slow));
        assertThat(gaps).singleElement().satisfies(gap -> {
            assertThat(gap.startMs()).isEqualTo(100.0);
            assertThat(gap.lengthMs()).isEqualTo(1050.0);
        });
    }

    @Test
    void interleavedFailuresMakeOneWindowOfManyGaps() {
        // One of two backends dead: every other request times out after 1 s.
        List<Sample> samples = new ArrayList<>();
        samples.add(ok(0));
        for (long t = 100; t < 3000; t += 200) {
            samples.add(new Sample(
                    t * MS, 1000 * MS, new Outcome.Failed(FailureKind.TIMEOUT, "t"), ConnectionMode.NEW, "GET"));
            samples.add(ok(t + 100));
        }
        samples.add(fail(9000, FailureKind.REFUSED));
        samples.add(ok(9100));
        assertThat(GapFinder.find(samples)).hasSize(16);
        List<FailureWindow> windows = FailureWindowFinder.find(samples, 1000 * MS);
        assertThat(windows).hasSize(2);
        FailureWindow first = windows.getFirst();
        assertThat(first.startMs()).isEqualTo(100.0);
        assertThat(first.endMs()).isEqualTo(3900.0);
        assertThat(first.failures()).isEqualTo(15);
        assertThat(first.succeeded()).isEqualTo(15);
        assertThat(first.gaps()).isEqualTo(15);
        assertThat(windows.get(1)).isEqualTo(new FailureWindow(9000.0, 9001.0, 1, 0, 1));
    }

    @Test
    void latencyPercentilesUseNearestRank() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (100 - i) * MS;
        }
        LatencySummary summary = LatencySummary.of(latencies);
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(50.0);
        assertThat(summary.p99Ms()).isEqualTo(99.0);
        assertThat(summary.maxMs()).isEqualTo(100.0);
        assertThat(LatencySummary.of(new long[0]).count()).isZero();
    }
}
