package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmedge.cli.SwarmedgeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run doctor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine =
                SwarmedgeCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "doctor";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(commandLine.execute(all), out.toString(), err.toString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableEngineExitsTwoWithAClearMessage() throws Exception {
        int port = closedPort();

        Run run = doctor("--host", "tcp://127.0.0.1:" + port, "--timeout", "2");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(
                        "swarmedge doctor: the Docker API cannot be reached: GET tcp://127.0.0.1:" + port + "/version")
                .contains("fix: is dockerd running and is tcp://127.0.0.1:" + port + " its address?");
    }

    @Test
    void theJsonFormSaysTheSameToMachines() throws Exception {
        Run run = doctor("--host", "tcp://127.0.0.1:" + closedPort(), "--timeout", "2", "--json");

        assertThat(run.code()).isEqualTo(2);
        var json = Snapshots.JSON.readTree(run.out());
        assertThat(json.path("exitCode").asInt()).isEqualTo(2);
        assertThat(json.path("error").asText()).startsWith("the Docker API cannot be reached");
    }

    @Test
    void aBadEndpointNamesTheOption() {
        Run run = doctor("--host", "ftp://example");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err())
                .contains("Docker endpoint ftp://example: use unix:///path/docker.sock or tcp://host:port");
    }
}
