package io.swarmedge.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab comes up as promised: three ready managers, the stack's services running, the demo
 * reachable through a node's proxy once the proxy routes, a VIP holder with the keepalived
 * arrangement, and nothing left behind by {@code down}. Part of {@code verify} ({@code -Dlab=false} skips it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabSmokeIT {
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static Lab lab;

    @BeforeAll
    static void requireDocker() {
        if (!Lab.dockerAnswers()) {
            String message = "the lab needs a Docker engine answering the docker CLI (scripts/setup.d/50-docker.sh)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            abort(message);
        }
        lab = Lab.locate();
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.down();
            assertThat(lab.status().up()).isFalse();
            assertThat(lab.hostDocker(Lab.QUICK, "network", "ls", "-q", "--filter", "name=^swarmedge-lab$")
                            .stdout())
                    .isBlank();
        }
    }

    @Test
    @Order(1)
    void threeManagersAndTheStack() throws IOException {
        LabStatus status = lab.up(Arrangement.SWARMEDGE, Lab.buildRequested());
        assertThat(status.up()).isTrue();
        assertThat(status.readyManagers()).isEqualTo(3);
        String first = status.nodes().getFirst().name();
        List<String> managers = lab.docker(first, "node", "ls", "--format", "{{.Status}} {{.ManagerStatus}}")
                .orThrow()
                .stdout()
                .lines()
                .toList();
        assertThat(managers).hasSize(3).allMatch(line -> line.matches("Ready (Leader|Reachable)"));
        assertThat(managers).filteredOn(line -> line.endsWith("Leader")).hasSize(1);

        // The demo services and the socket proxy run whatever state the proxy and vip roles are in.
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            LabStatus now = lab.status();
            for (String service : List.of("swarmedge_whoami", "swarmedge_whoami-single", "swarmedge_socket-proxy")) {
                assertThat(now.service(service))
                        .as(service)
                        .hasValueSatisfying(s -> assertThat(s.allRunning()).isTrue());
            }
        });
        assertThat(lab.status().service("swarmedge_whoami").orElseThrow().desired())
                .isEqualTo(2);

        // Cross-node overlay and DNS round-robin: both demo tasks answer a container on node 1.
        String probe = "for ip in $(getent ahostsv4 tasks.swarmedge_whoami | awk '{print $1}' | sort -u); do"
                + " curl -s -m 5 http://$ip/health -o /dev/null -w '%{http_code}\\n'; done";
        String answers = lab.docker(
                        first,
                        "run",
                        "--rm",
                        "--network",
                        "web-servers",
                        "--entrypoint",
                        "sh",
                        "swarmedge:latest",
                        "-c",
                        probe)
                .orThrow()
                .stdout();
        assertThat(answers.lines().toList()).as(answers).containsExactly("200", "200");

        LabStatus now = lab.status();
        for (LabStatus.Node node : now.nodes()) {
            if (node.proxyRoutesDemo()) {
                assertThat(get(node.ip(), "whoami.localhost"))
                        .startsWith("HTTP/1.1 200")
                        .contains("Hostname:");
            } else {
                System.err.printf("LabSmokeIT: the proxy on %s does not route the demo yet%n", node.name());
            }
        }
        // Once every proxy routes, the vip role gates on them: exactly one node holds the VIP and the
        // demo answers through it.
        if (now.nodes().stream().allMatch(LabStatus.Node::proxyRoutesDemo)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        LabStatus settled = lab.status();
                        assertThat(settled.vipHolders()).hasSize(1);
                        assertThat(settled.vipRoutesDemo()).isTrue();
                    });
            assertThat(get(now.vip(), "whoami.localhost")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    @Order(2)
    void keepalivedArrangementHoldsTheVip() {
        lab.arrangement(Arrangement.KEEPALIVED);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    LabStatus now = lab.status();
                    assertThat(now.arrangement()).isEqualTo("keepalived");
                    assertThat(now.vipHolders()).hasSize(1);
                });
    }

    /** One GET with a Host header to a lab address (the status line and headers, then the body). */
    private static String get(String ip, String host) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, 80), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
    }
}
