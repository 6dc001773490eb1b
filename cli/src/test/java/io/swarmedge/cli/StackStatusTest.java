package io.swarmedge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackStatusTest {
    private static final String SERVICES = """
            swarmedge_proxy\t0/1 (max 1 per node)
            swarmedge_socket-proxy\t1/1
            swarmedge_whoami\t2/2
            """;
    private static final String TASKS = """
            swarmedge_proxy.t61rt52m\tRunning\tStarting 1 second ago\t
            swarmedge_proxy.t61rt52m\tShutdown\tFailed 3 seconds ago\t"task: non-zero exit (2)"
            swarmedge_proxy.t61rt52m\tShutdown\tFailed 9 seconds ago\t"task: non-zero exit (1)"
            swarmedge_socket-proxy.1\tRunning\tRunning 20 seconds ago\t
            swarmedge_whoami.1\tRunning\tRunning 20 seconds ago\t
            swarmedge_whoami.2\tRunning\tRunning 20 seconds ago\t
            """;

    @Test
    void namesServicesWithoutTheStackAndKeepsTheirLatestError() {
        StackStatus status = StackStatus.parse("swarmedge", SERVICES, TASKS);

        assertThat(status.replicas())
                .containsEntry("proxy", "0/1 (max 1 per node)")
                .containsEntry("socket-proxy", "1/1")
                .containsEntry("whoami", "2/2");
        assertThat(status.lastErrors()).containsOnlyKeys("proxy").containsEntry("proxy", "task: non-zero exit (2)");
        assertThat(status.allRunning()).isFalse();
        assertThat(status.summary())
                .isEqualTo(
                        "proxy 0/1 (max 1 per node) (last error: task: non-zero exit (2)), socket-proxy 1/1, whoami 2/2");
    }

    @Test
    void allRunningOnlyWhenEveryServiceHasItsTasks() {
        assertThat(StackStatus.parse("s", "s_a\t1/1 (max 1 per node)\ns_b\t2/2\n", "")
                        .allRunning())
                .isTrue();
        assertThat(StackStatus.parse("s", "s_a\t0/0\n", "").allRunning()).isFalse();
        assertThat(StackStatus.parse("s", "", "").allRunning()).isFalse();
        assertThat(StackStatus.parse("s", "", "").summary()).isEqualTo("no services yet");
    }
}
