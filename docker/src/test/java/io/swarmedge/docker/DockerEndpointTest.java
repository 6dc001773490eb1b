package io.swarmedge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DockerEndpointTest {
    @ParameterizedTest
    @CsvSource({
        "unix:///var/run/docker.sock, unix:///var/run/docker.sock",
        "tcp://socket-proxy:2375, tcp://socket-proxy:2375",
        "tcp://socket-proxy:2375/, tcp://socket-proxy:2375",
        "http://127.0.0.1:2375, tcp://127.0.0.1:2375",
        "'  tcp://10.0.0.1:2375 ', tcp://10.0.0.1:2375"
    })
    void acceptsUnixAndTcpEndpoints(String text, String expected) {
        assertThat(DockerEndpoint.parse(text).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tcp://socket-proxy",
                "unix://",
                "https://host:2376",
                "npipe:////./pipe/docker",
                "tcp://:2375",
                "not a uri"
            })
    void refusesWhatItCannotConnectTo(String text) {
        assertThatThrownBy(() -> DockerEndpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Docker endpoint");
    }
}
