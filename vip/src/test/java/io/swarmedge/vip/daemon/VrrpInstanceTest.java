package io.swarmedge.vip.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swarmedge.vip.config.GarpSettings;
import io.swarmedge.vip.config.InstanceConfig;
import io.swarmedge.vip.config.NotifyConfig;
import io.swarmedge.vip.os.VirtualAddress;
import io.swarmedge.vip.packet.ChecksumMode;
import io.swarmedge.vip.packet.VrrpVersion;
import io.swarmedge.vip.state.VrrpState;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every transition leaves a metric and runs the notify programs, keepalived style. */
class VrrpInstanceTest {
    @Test
    void aTransitionCountsAMetricAndRunsNotifyHooks(@TempDir Path dir) throws Exception {
        Path master = dir.resolve("master");
        Path any = dir.resolve("any");
        NotifyConfig notify = new NotifyConfig(
                Optional.of(List.of("/bin/sh", "-c", "echo up > " + master)),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(List.of("/bin/sh", "-c", "echo \"$@\" > " + any, "notify")));
        InstanceConfig config = new InstanceConfig(
                "edge",
                "eth0",
                51,
                150,
                VrrpVersion.V3,
                10,
                List.of(VirtualAddress.of(InetAddress.ofLiteral("10.0.0.100"), 24)),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                true,
                Duration.ZERO,
                ChecksumMode.PSEUDO_HEADER,
                List.of(),
                notify,
                GarpSettings.keepalivedDefaults(),
                Optional.empty());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (VrrpInstance instance = new VrrpInstance(config, registry)) {
            instance.transitioned(VrrpState.BACKUP, VrrpState.MASTER, 150, "test");
            assertThat(registry.get("vip.transitions")
                            .tags("instance", "edge", "from", "backup", "to", "master")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(registry.get("vip.state").tag("instance", "edge").gauge().value())
                    .isEqualTo(2.0);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(master).exists();
                assertThat(any).exists();
                assertThat(Files.readString(any).trim()).isEqualTo("INSTANCE edge MASTER 150");
            });
        }
    }
}
