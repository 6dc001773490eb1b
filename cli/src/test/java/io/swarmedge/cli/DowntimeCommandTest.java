package io.swarmedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmedge.cli.downtime.DowntimeRun;
import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DowntimeCommandTest {
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new DowntimeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aHealthyTargetExitsZeroWithJson() throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback())) {
            Run run = run(
                    whoami.uri() + "/",
                    "--duration",
                    "1s",
                    "--rate",
                    "20",
                    "--concurrency",
                    "2",
                    "--json",
                    "--host-header",
                    "whoami.test");
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(run.out());
            assertThat(report.path("failed").asLong()).isZero();
            assertThat(report.path("host").asText()).isEqualTo("whoami.test");
            assertThat(report.path("requests").asLong()).isPositive();
            assertThat(report.path("gaps").isArray()).isTrue();
        }
    }

    @Test
    void failuresExitOneWithATable() {
        try (WhoamiServer whoami = WhoamiServer.start(WhoamiOptions.loopback().withHealthStatus(503))) {
            Run run = run(whoami.uri() + "/health", "--duration", "500ms", "--rate", "20", "--method", "get");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("gaps      1").contains("5xx").contains("first: HTTP 503");
        }
    }

    @Test
    void badOptionsExitTwo() {
        assertThat(run("https://127.0.0.1/").exitCode()).isEqualTo(2);
        assertThat(run("http://127.0.0.1/", "--rate", "0").err()).contains("--rate");
        assertThat(run("http://127.0.0.1/", "--duration", "soon").exitCode()).isEqualTo(2);
    }

    @Test
    void progressLineSaysWhetherItFailsNow() {
        String ok = DowntimeCommand.line(new DowntimeRun.Progress(1500, 75, 0, Map.of(), 0), 30);
        assertThat(ok).isEqualTo("[  1.5/30 s] 75 requests, 0 failed, now ok");
        String failing =
                DowntimeCommand.line(new DowntimeRun.Progress(12_000, 600, 12, Map.of("refused", 12L), 240), 30);
        assertThat(failing).isEqualTo("[ 12.0/30 s] 600 requests, 12 failed (refused 12), now FAILING for 0.2 s");
    }
}
