package io.swarmedge.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabStatusTest {
    @Test
    void readsWhatLabShPrints() throws Exception {
        LabStatus status;
        try (InputStream in = getClass().getResourceAsStream("/status-up.json")) {
            status = new ObjectMapper().readValue(in, LabStatus.class);
        }
        assertThat(status.up()).isTrue();
        assertThat(status.vip()).isEqualTo("192.168.213.250");
        assertThat(status.vipHolders()).containsExactly("swarmedge-lab-3");
        assertThat(status.readyManagers()).isEqualTo(3);
        assertThat(status.nodes())
                .extracting(LabStatus.Node::ip)
                .containsExactly("192.168.213.11", "192.168.213.12", "192.168.213.13");
        assertThat(status.service("swarmedge_whoami"))
                .hasValueSatisfying(s -> assertThat(s.allRunning()).isTrue());
        assertThat(status.service("swarmedge_proxy"))
                .hasValueSatisfying(s -> assertThat(s.allRunning()).isFalse());
        assertThat(status.healthy()).isFalse();
    }

    @Test
    void readsADownLab() throws Exception {
        LabStatus status = new ObjectMapper().readValue("{\"up\": false}", LabStatus.class);
        assertThat(status.up()).isFalse();
        assertThat(status.nodes()).isEmpty();
        assertThat(status.vipHolders()).isEmpty();
    }

    @Test
    void findsItsScriptFromAModuleDirectory() {
        Lab lab = Lab.locate();
        assertThat(lab.script()).endsWith(Path.of("lab", "lab.sh"));
        assertThat(Files.isExecutable(lab.script())).isTrue();
    }

    @Test
    void aFailedCommandNamesItselfAndItsOutput() {
        CommandResult result = Lab.run(java.util.List.of("sh", "-c", "echo oops >&2; exit 3"), Lab.QUICK, false);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThatThrownBy(result::orThrow)
                .isInstanceOf(LabException.class)
                .hasMessageContaining("exited with 3: oops");
    }

    @Test
    void aCommandThatHangsIsKilledAtItsTimeout() {
        assertThatThrownBy(() -> Lab.run(java.util.List.of("sleep", "30"), java.time.Duration.ofMillis(300), false))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("did not finish within");
    }
}
