package io.swarmedge.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExaminationTest {
    private static ClusterSnapshot healthyEdge() {
        ClusterSnapshot edge = Snapshots.recorded().edge();
        String appTask = edge.tasks().stream()
                .filter(t -> t.id().startsWith("zhhckg"))
                .findFirst()
                .orElseThrow()
                .id();
        return edge.withObservations(
                new VipObservation(
                        List.of("192.0.2.250"),
                        "",
                        List.of(new VipProbe(Snapshots.VM, "http://127.0.0.1:19105/metrics", Map.of("edge", 2), ""))),
                CertificateInventory.empty(),
                List.of(
                        new VolumeProbe(appTask, "/data", VolumeProbe.Outcome.WRITABLE, "ok"),
                        new VolumeProbe(appTask, "/ro", VolumeProbe.Outcome.READ_ONLY, "ok")));
    }

    @Test
    void warningsExitZeroUnlessStrictAndFailuresExitOne() {
        Examination healthy = Examination.of(healthyEdge());
        assertThat(healthy.worst()).isEqualTo(Status.WARN); // one manager
        assertThat(healthy.count(Status.FAIL)).isZero();
        assertThat(healthy.exitCode(false)).isZero();
        assertThat(healthy.exitCode(true)).isEqualTo(1);

        Examination broken = Examination.of(Snapshots.recorded().snapshot("web-servers", "broken"));
        assertThat(broken.exitCode(false)).isEqualTo(1);
    }

    @Test
    void theTextGroupsFindingsByAreaWithTheirFixes() {
        String text = TextReport.render(Examination.of(Snapshots.recorded().snapshot("web-servers", "broken")));

        assertThat(text)
                .startsWith("swarmedge doctor: unix:///var/run/docker.sock, Docker 20.10.24+dfsg1 (API 1.41), 1 node,"
                        + " stacks broken,")
                .contains(
                        "2026-11-26T10:05:00Z\n",
                        "\nmanagers\n  WARN  1 manager (vm)",
                        "\nnetwork\n  FAIL  network web-servers does not exist",
                        "        fix: docker network create --driver overlay --attachable --opt encrypted web-servers",
                        "\nproxy\n  FAIL  proxy broken_proxy on vm: no running task")
                .containsPattern("\n\\d+ FAIL, \\d+ WARN, \\d+ OK\n$");
        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(110));
    }

    @Test
    void theJsonCarriesEveryFindingAndTheExitCode() throws Exception {
        Examination examination = Examination.of(healthyEdge());

        JsonNode json = Snapshots.JSON.readTree(JsonReport.render(examination, true));

        assertThat(json.path("exitCode").asInt()).isEqualTo(1);
        assertThat(json.path("status").asText()).isEqualTo("WARN");
        assertThat(json.path("engine").path("apiVersion").asText()).isEqualTo("1.41");
        assertThat(json.path("findings")).hasSize(examination.findings().size());
        assertThat(json.path("counts").path("FAIL").asInt()).isZero();
        assertThat(json.path("findings").get(0).path("area").asText()).isEqualTo("managers");
        assertThat(json.path("findings").get(0).path("fix").asText()).contains("add two managers");
    }
}
