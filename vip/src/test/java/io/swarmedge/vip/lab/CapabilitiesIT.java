package io.swarmedge.vip.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without CAP_NET_ADMIN/CAP_NET_RAW the daemon stops at once and says what is missing. */
class CapabilitiesIT {
    @Test
    void withoutNetworkCapabilitiesTheDaemonExplainsWhatIsMissing() throws Exception {
        LabPrerequisites.require(java.util.List.of("setpriv"));
        Path dir = Files.createDirectories(Path.of("target", "vip-it"));
        Path config = dir.resolve("caps.conf");
        Files.writeString(config, """
                vrrp_instance C {
                  interface lo
                  virtual_router_id 9
                  virtual_ipaddress {
                    10.77.9.1
                  }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        "setpriv",
                        "--bounding-set",
                        "-net_admin,-net_raw",
                        "--inh-caps",
                        "-net_admin,-net_raw",
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.swarmedge.vip.daemon.VipMain",
                        "--keepalived-conf",
                        config.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("vip needs CAP_NET_ADMIN", "CAP_NET_RAW", "cap_add");
    }
}
