package io.swarmedge.cli.downtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), FailureKind.REFUSED),
                Arguments.of(new ConnectException("Connection timed out"), FailureKind.TIMEOUT),
                Arguments.of(new SocketTimeoutException("Read timed out"), FailureKind.TIMEOUT),
                Arguments.of(new SocketTimeoutException("Connect timed out"), FailureKind.TIMEOUT),
                Arguments.of(new SocketException("Connection reset"), FailureKind.RESET),
                Arguments.of(new SocketException("Connection reset by peer"), FailureKind.RESET),
                Arguments.of(new SocketException("Broken pipe"), FailureKind.RESET),
                Arguments.of(new EOFException("connection closed without an answer"), FailureKind.RESET),
                Arguments.of(new NoRouteToHostException("No route to host"), FailureKind.OTHER),
                Arguments.of(new ProtocolException("not an HTTP/1.x answer"), FailureKind.OTHER),
                Arguments.of(new IOException(), FailureKind.OTHER));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void classifies(IOException e, FailureKind expected) {
        Outcome.Failed failed = FailureClassifier.classify(e);
        assertThat(failed.kind()).isEqualTo(expected);
        assertThat(failed.detail()).isNotBlank();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "200,true,",
        "301,true,",
        "404,false,OTHER",
        "500,false,SERVER_ERROR",
        "503,false,SERVER_ERROR",
        "599,false,SERVER_ERROR"
    })
    void statuses(int status, boolean ok, String kind) {
        Outcome outcome = Outcome.ofStatus(status);
        assertThat(outcome.ok()).isEqualTo(ok);
        if (!ok) {
            assertThat(((Outcome.Failed) outcome).kind()).isEqualTo(FailureKind.valueOf(kind));
            assertThat(((Outcome.Failed) outcome).detail()).isEqualTo("HTTP " + status);
        }
    }
}
