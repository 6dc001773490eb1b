package io.swarmedge.config.staticconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "10s, 10000",
        "1m30s, 90000",
        "100ms, 100",
        "1.5h, 5400000",
        "2h45m, 9900000",
        "250us, 0.25",
        "250µs, 0.25",
        "1000ns, 0.001",
        "10, 10000",
        "2.5, 2500",
        "0, 0",
        "0s, 0",
        "+5s, 5000"
    })
    void parsesGoDurationsAndBareSeconds(String text, double millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(Math.round(millis * 1_000_000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10 s", "-1s", "10d", "1.2.3s", "abc", "5sec", ".s"})
    void refusesOtherText(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0s, 0", "100ms, 100", "10s, 10000", "1m30s, 90000", "1h0m0s, 3600000", "1m0.5s, 60500"})
    void formatsLikeGo(String expected, long millis) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }
}
