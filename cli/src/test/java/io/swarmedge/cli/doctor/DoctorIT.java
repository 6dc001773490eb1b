package io.swarmedge.cli.doctor;

import static io.swarmedge.cli.doctor.DoctorDocker.RUN;
import static io.swarmedge.cli.doctor.DoctorRun.doctor;
import static io.swarmedge.docker.LocalDocker.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.DomainSet;
import io.swarmedge.acme.store.StoreCipher;
import io.swarmedge.acme.store.StoreLayout;
import io.swarmedge.acme.store.SwarmConfigStore;
import io.swarmedge.acme.testing.TestCertificates;
import io.swarmedge.docker.DockerEndpoint;
import io.swarmedge.docker.LocalDocker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code swarmedge doctor} against this machine's real swarm. Two stacks of its own, made of a tiny
 * local image whose {@code proxy}, {@code socket-proxy} and {@code vip} commands just sleep:
 *
 * <ul>
 *   <li>{@code <run>a}, laid out like deploy/: a socket proxy on an internal network shared only with
 *       a global proxy, a vip on the host network whose {@code --metrics} port is served by this test
 *       (saying MASTER, as {@code swarmedge vip} would), an app with a writable and a read-only volume;
 *   <li>{@code <run>b}, broken: a socket proxy publishing a port on the public network, a proxy whose
 *       image does not exist (its tasks are rejected), an NFS volume (this kernel has no NFS client,
 *       so the mount fails as it would with a wrong export) and a volume its user cannot write.
 * </ul>
 */
class DoctorIT {
    private static final String WEB = RUN + "web";
    private static final String EDGE = RUN + "a";
    private static final String BROKEN = RUN + "b";
    private static final String VIP = "192.0.2.250";
    private static HttpServer vipMetrics;

    @BeforeAll
    static void deploy() throws IOException {
        LocalDocker.requireSwarm();
        DoctorDocker.ensureImage();
        String nodeAddress = docker("node", "inspect", "self", "--format", "{{.Status.Addr}}");
        vipMetrics = HttpServer.create(new InetSocketAddress(nodeAddress, 0), 8);
        vipMetrics.createContext("/metrics", exchange -> {
            byte[] body =
                    ("# TYPE vip_state gauge\nvip_state{instance=\"edge\",} 2.0\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        vipMetrics.start();

        docker("network", "create", "--driver", "overlay", "--attachable", WEB);
        docker("network", "create", "--driver", "overlay", "--internal", RUN + "sock");
        service(
                EDGE,
                "socket-proxy",
                List.of("--network", RUN + "sock", "--constraint", "node.role==manager"),
                "socket-proxy",
                "--profile",
                "edge");
        service(
                EDGE,
                "proxy",
                List.of(
                        "--mode",
                        "global",
                        "--network",
                        WEB,
                        "--network",
                        RUN + "sock",
                        "--constraint",
                        "node.role==manager"),
                "proxy",
                "--ping=true");
        service(
                EDGE,
                "vip",
                List.of("--mode", "global", "--network", "host", "--constraint", "node.role==manager"),
                "vip",
                "--vip",
                VIP + "/24",
                "--metrics",
                "0.0.0.0:" + vipMetrics.getAddress().getPort());
        service(
                EDGE,
                "app",
                List.of(
                        "--network",
                        WEB,
                        "--mount",
                        "type=volume,source=" + RUN + "data,target=/data",
                        "--mount",
                        "type=volume,source=" + RUN + "ro,target=/ro,readonly"));

        service(
                BROKEN,
                "socket-proxy",
                List.of("--network", WEB, "--publish", "mode=host,published=" + freePort() + ",target=2375"),
                "socket-proxy");
        service(BROKEN, "proxy", List.of("--mode", "global", "--image-override", "doctortest-missing:1"), "proxy");
        service(
                BROKEN,
                "wp",
                List.of(
                        "--mount",
                        "type=volume,source=" + RUN + "nfs,target=/var/www,"
                                + "volume-driver=local,volume-opt=type=nfs,volume-opt=o=addr=127.0.0.1,volume-opt=device=:/export"));
        service(
                BROKEN,
                "locked",
                List.of(
                        "--user",
                        "65534",
                        "--mount",
                        "type=volume,source=" + RUN + "locked,"
                                + "target=/locked,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=mode=0555"));
    }

    @AfterAll
    static void remove() {
        if (vipMetrics != null) {
            vipMetrics.stop(0);
        }
        DoctorDocker.removeAll();
    }

    @Test
    void aStackLaidOutLikeDeployIsHealthy() throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Report report = report("--network", WEB, "--stack", EDGE);
                    assertThat(report.lines(Status.FAIL)).isEmpty();
                    assertThat(report.code()).isZero();
                    assertThat(report.lines(Status.OK))
                            .contains("network: network " + WEB + " is a swarm overlay network")
                            .contains("socket-proxy: socket proxy " + EDGE
                                    + "_socket-proxy publishes no port and is reachable" + " only on " + RUN
                                    + "sock, from " + EDGE + "_proxy")
                            .anySatisfy(l ->
                                    assertThat(l).matches("proxy: proxy " + EDGE + "_proxy on \\S+: 1 task running.*"))
                            .anySatisfy(l -> assertThat(l)
                                    .matches("vip: VIP " + VIP + " is held by \\S+, ready and running the proxy"))
                            .anySatisfy(l -> assertThat(l)
                                    .matches("volumes: " + EDGE + "_app " + RUN
                                            + "data:/data \\(local volume\\) on \\S+:"
                                            + " mounted and writable \\(volume " + RUN
                                            + "data present \\(driver local\\);"
                                            + " a file was created and removed\\)"))
                            .anySatisfy(l -> assertThat(l)
                                    .contains(
                                            EDGE + "_app " + RUN + "ro:/ro (local volume) on ",
                                            "mounted read-only, as declared"));
                });

        Report strict = report("--network", WEB, "--stack", EDGE, "--strict");
        assertThat(strict.code()).isEqualTo(strict.lines(Status.WARN).isEmpty() ? 0 : 1);
        assertThat(strict.json().path("exitCode").asInt()).isEqualTo(strict.code());
        DoctorRun text = doctor("--network", WEB, "--stack", EDGE);
        assertThat(text.code()).isZero();
        assertThat(text.out())
                .contains("\nvip\n  OK    VIP " + VIP + " is held by ")
                .containsPattern("\n0 FAIL, \\d+ WARN");
    }

    @Test
    void aBrokenStackFailsWithTheReasonsAndFixes() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Report report = report("--network", RUN + "nonet", "--stack", BROKEN);
                    assertThat(report.code()).isEqualTo(1);
                    assertThat(report.lines(Status.FAIL))
                            .anySatisfy(
                                    l -> assertThat(l).startsWith("network: network " + RUN + "nonet does not exist"))
                            .anySatisfy(l -> assertThat(l)
                                    .matches("socket-proxy: socket proxy " + BROKEN
                                            + "_socket-proxy publishes \\[\\d+->2375/tcp \\(host\\)\\].*"))
                            .anySatisfy(l -> assertThat(l)
                                    .startsWith("socket-proxy: socket proxy " + BROKEN + "_socket-proxy shares network "
                                            + WEB + " with"))
                            .anySatisfy(l -> assertThat(l)
                                    .matches("proxy: proxy " + BROKEN
                                            + "_proxy on \\S+: no running task \\(last task rejected:"
                                            + " No such image: doctortest-missing:1\\).*"))
                            .anySatisfy(l -> assertThat(l)
                                    .startsWith("volumes: " + BROKEN + "_wp " + RUN
                                            + "nfs:/var/www (NFS 127.0.0.1:/export): a task on ")
                                    .contains("could not mount it"))
                            .anySatisfy(l -> assertThat(l)
                                    .startsWith("volumes: " + BROKEN + "_locked " + RUN
                                            + "locked:/locked (local volume) on ")
                                    .contains("mounted but not writable", "creating a file in /locked failed"));
                    assertThat(report.json().path("findings"))
                            .anySatisfy(f -> assertThat(f.path("fix").asText())
                                    .startsWith("the image doctortest-missing:1 is missing on"))
                            .anySatisfy(f -> assertThat(f.path("fix").asText()).contains("nfs-common"));
                });
    }

    @Test
    void certificatesFromTheSwarmConfigStoreAndTheVipFromItsConfig() throws Exception {
        String prefix = RUN + "acme-";
        Instant now = Instant.now();
        CertificateBundle bundle = TestCertificates.issue(
                DomainSet.of("doctor.example"), now.minus(Duration.ofDays(70)), now.plus(Duration.ofDays(20)));
        Path key = Files.createTempFile("doctortest-key", ".txt");
        try {
            Files.writeString(key, HexFormat.of().formatHex(new byte[32]).replace('0', '7'));
            try (SwarmConfigStore store = new SwarmConfigStore(
                    DockerEndpoint.LOCAL_SOCKET.uri(), prefix, StoreCipher.fromKeyFile(key), Clock.systemUTC())) {
                store.store(StoreLayout.certificate("le", bundle.domains()), bundle.toJson());
            }
            Path vipYaml = Files.createTempFile("doctortest-vip", ".yml");
            Files.writeString(vipYaml, """
                    instances:
                      - name: edge
                        interface: eth0
                        vrid: 51
                        priority: 100
                        addresses: [192.0.2.251/24]
                    """);
            docker("config", "create", RUN + "vipconf", vipYaml.toString());
            Files.delete(vipYaml);
            String stack = RUN + "c";
            service(
                    stack,
                    "vip",
                    List.of("--network", "host", "--config", "source=" + RUN + "vipconf,target=/etc/swarmedge/vip.yml"),
                    "vip",
                    "--config",
                    "/etc/swarmedge/vip.yml");

            Report sealed = report("--network", WEB, "--stack", stack, "--acme-prefix", prefix);
            assertThat(sealed.lines(Status.WARN))
                    .contains(
                            "certificates: 1 certificate entry in Swarm configs, encrypted: their expiry cannot be read"
                                    + " without the store key")
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("vip: VIP 192.0.2.251: the holder could not be determined:" + " vip service "
                                    + stack + "_vip serves no metrics"));

            Report read =
                    report("--network", WEB, "--stack", stack, "--acme-prefix", prefix, "--acme-key", key.toString());
            assertThat(read.lines(Status.WARN))
                    .anySatisfy(l -> assertThat(l)
                            .startsWith("certificates: certificates/le/doctor.example [doctor.example]: notAfter "
                                    + bundle.notAfter())
                            .endsWith(", 19 days left: renewal is overdue"));
        } finally {
            Files.deleteIfExists(key);
        }
    }

    @Test
    void probeTasksTestVolumesAsTheNextTaskWouldMountThem() throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    assertThat(report("--network", WEB, "--stack", EDGE).lines(Status.OK))
                            .anySatisfy(l -> assertThat(l).contains(RUN + "data:/data", "mounted and writable"));
                    assertThat(report("--network", WEB, "--stack", BROKEN).lines(Status.FAIL))
                            .anySatisfy(l -> assertThat(l).contains(RUN + "locked:/locked", "not writable"));
                });

        Report edge = report("--network", WEB, "--stack", EDGE, "--probe-volumes");
        assertThat(edge.lines(Status.OK))
                .anySatisfy(l -> assertThat(l)
                        .matches("volumes: " + EDGE + "_app " + RUN + "data:/data \\(local volume\\) on \\S+: mounted"
                                + " and writable \\(a probe task on \\S+ created and removed a file\\)"))
                .anySatisfy(l -> assertThat(l).contains(RUN + "ro:/ro", "mounted read-only, as declared"));
        Report broken = report("--network", WEB, "--stack", BROKEN, "--probe-volumes");
        assertThat(broken.lines(Status.FAIL))
                .anySatisfy(l -> assertThat(l)
                        .contains(
                                BROKEN + "_locked " + RUN + "locked:/locked",
                                "mounted but not writable",
                                "could not create a file in /locked (exit 2)"));
        assertThat(docker("service", "ls", "-q", "--filter", "label=" + ProbeTasks.LABEL))
                .isEmpty();
    }

    /** The JSON answer, and its findings as "area: message" lines by status. */
    private record Report(int code, JsonNode json) {
        List<String> lines(Status status) {
            List<String> lines = new ArrayList<>();
            for (JsonNode finding : json.path("findings")) {
                if (finding.path("status").asText().equals(status.name())) {
                    lines.add(finding.path("area").asText() + ": "
                            + finding.path("message").asText());
                }
            }
            return lines;
        }
    }

    private static Report report(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        DoctorRun run = doctor(all.toArray(String[]::new));
        return new Report(run.code(), Snapshots.JSON.readTree(run.out()));
    }

    /** A service of {@code stack}, from the test image; its tasks stop at once when removed. */
    private static void service(String stack, String name, List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--stop-grace-period",
                "1s",
                "--label",
                "com.docker.stack.namespace=" + stack,
                "--name",
                stack + "_" + name));
        String image = DoctorDocker.IMAGE;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--image-override")) {
                image = options.get(++i);
            } else {
                args.add(options.get(i));
            }
        }
        args.add(image);
        args.addAll(List.of(command));
        docker(args.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
