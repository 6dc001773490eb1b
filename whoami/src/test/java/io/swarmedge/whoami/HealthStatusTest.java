package io.swarmedge.whoami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HealthStatusTest {

    @ParameterizedTest
    @CsvSource({"200,200", "'500\n',500", "' 503 ',503", "599,599"})
    void parsesStatusCodes(String body, int expected) {
        assertThat(HealthStatus.parse(body)).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "199", "600", "5000", "-200", "20O"})
    void rejectsEverythingElse(String body) {
        assertThat(HealthStatus.parse(body)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 199, 600})
    void optionsRejectOutOfRangeStatuses(int status) {
        assertThatThrownBy(() -> WhoamiOptions.loopback().withHealthStatus(status))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(status));
    }
}
