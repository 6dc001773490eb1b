package io.swarmedge.vip.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swarmedge.vip.packet.VrrpVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NativeConfigReaderTest {
    private static VipConfig read(String yaml) throws Exception {
        return NativeConfigReader.read(new ObjectMapper(new YAMLFactory()).readTree(yaml), "vip.yml");
    }

    @Test
    void defaultsAimAtSubSecondFailover() throws Exception {
        InstanceConfig i = read("""
                instances:
                  - interface: eth0
                    vrid: 51
                    addresses: [10.0.0.100/24]
                """).instances().getFirst();
        assertThat(i.version()).isEqualTo(VrrpVersion.V3);
        assertThat(i.advertCentis()).isEqualTo(10);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.preempt()).isTrue();
        assertThat(i.name()).isEqualTo("vip");
    }

    @Test
    void readsChecksUnicastAndNotify() throws Exception {
        InstanceConfig i = read("""
                instances:
                  - name: edge
                    interface: eth0
                    vrid: 7
                    priority: 150
                    advertInterval: 200ms
                    addresses: [fd00::100/64]
                    unicast: {peers: ["fd00::2"]}
                    checks:
                      - {name: docker, type: docker}
                      - {name: proxy, type: proxy, weight: -50, fall: 2, interval: 500ms}
                      - {name: site, type: http, url: "https://example.test/health", insecure: true, timeout: 2s}
                      - {name: file, type: script, command: ["/bin/test", "-f", "/tmp/x"]}
                    trackInterfaces: [eth1]
                    notify: {master: "/bin/echo master"}
                """).instances().getFirst();
        assertThat(i.advertCentis()).isEqualTo(20);
        assertThat(i.ipv6()).isTrue();
        assertThat(i.checks()).hasSize(5);
        assertThat(i.checks().get(1).weight()).isEqualTo(-50);
        assertThat(i.checks().get(1).interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(i.checks().get(1).check())
                .isEqualTo(new CheckSpec.ProxyPing(java.net.URI.create("http://127.0.0.1:8080/ping")));
        assertThat(i.checks().get(0).check())
                .isEqualTo(new CheckSpec.DockerPing(java.nio.file.Path.of("/var/run/docker.sock")));
        assertThat(i.notifications().master()).contains(java.util.List.of("/bin/echo", "master"));
    }

    @Test
    void theDeployExampleIsValid() throws Exception {
        java.nio.file.Path example = java.nio.file.Path.of("..", "deploy", "vip", "vip.yml");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.exists(example), "deploy/vip/vip.yml not found");
        InstanceConfig i = NativeConfigReader.read(example).instances().getFirst();
        assertThat(i.checks()).extracting(TrackedCheckConfig::name).containsExactly("docker", "proxy");
        assertThat(i.advertCentis()).isEqualTo(10);
        assertThat(i.checks().get(1).check()).isInstanceOf(CheckSpec.ProxyPing.class);
    }

    @Test
    void theLabConfigurationIsValidAndFailsOverFast() throws Exception {
        java.nio.file.Path lab = java.nio.file.Path.of("..", "lab", "vip.yml");
        assertThat(lab).as("the lab's vip configuration").exists();
        // Filled in as lab.sh does.
        String yaml = java.nio.file.Files.readString(lab)
                .replace("@INTERFACE@", "eth0")
                .replace("@VRID@", "51")
                .replace("@VIP@", "192.168.213.250/24");
        InstanceConfig i = read(yaml).instances().getFirst();
        assertThat(i.advertCentis())
                .as("100 ms: Master_Down_Interval about 0.36 s")
                .isEqualTo(10);
        TrackedCheckConfig proxy = i.checks().stream()
                .filter(c -> c.check() instanceof CheckSpec.ProxyPing)
                .findFirst()
                .orElseThrow();
        assertThat(proxy.weight()).as("a failing proxy means FAULT").isZero();
        assertThat(proxy.interval()).isLessThanOrEqualTo(java.time.Duration.ofMillis(200));
    }

    @Test
    void unknownKeysAreErrorsWithTheirPath() {
        assertThatThrownBy(() -> read("""
                        instances:
                          - interface: eth0
                            vrid: 51
                            addresses: [10.0.0.100/24]
                            checks: [{type: docker, wieght: 3}]
                        """))
                .hasMessage("vip.yml: instances[0].checks[0].wieght: unknown key \"wieght\"");
    }

    @Test
    void invalidValuesNameTheInstance() {
        assertThatThrownBy(() -> read("""
                        instances:
                          - interface: eth0
                            vrid: 300
                            addresses: [10.0.0.100/24]
                        """))
                .hasMessage("vip.yml: instances[0]: instance \"vip\": virtual_router_id 300 out of range 1-255");
    }
}
