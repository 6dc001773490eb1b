package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiVersionCheckTest {
    @Test
    void clientEngineAndEveryNodesVersion() {
        List<Finding> findings =
                new ApiVersionCheck().check(Snapshots.recorded().edge());

        assertThat(findings).extracting(Finding::status).containsOnly(Status.OK);
        assertThat(findings)
                .extracting(Finding::message)
                .containsExactly(
                        "client: swarmedge's Docker client (docker-java 3.7.1 transport) sends unversioned requests to"
                                + " unix:///var/run/docker.sock, so the engine answers with its newest API, 1.41",
                        "engine answering: Docker 20.10.24+dfsg1, API 1.41 (accepts 1.12 and up)",
                        "Docker 20.10.24+dfsg1 (API 1.41) on vm");
    }

    @Test
    void differentVersionsBetweenNodesWarn() {
        ClusterSnapshot snapshot = Snapshots.recorded()
                .addNode("m2", "manager", "active", "ready", "reachable")
                .engineVersion("m2", "27.3.1")
                .edge();

        List<Finding> findings = new ApiVersionCheck().check(snapshot);

        assertThat(Snapshots.of(findings, Status.WARN)).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("2 Docker versions with 2 API versions [1.41, 1.47]");
            assertThat(f.fix()).contains("managers first");
        });
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(ApiVersionCheck.compare("1.9", "1.41")).isNegative();
        assertThat(ApiVersionCheck.compare("1.41", "1.41")).isZero();
        assertThat(ApiVersionCheck.apiOf("28.1.1")).isEqualTo("1.49");
        assertThat(ApiVersionCheck.apiOf("99.0")).isEqualTo("unknown");
    }
}
