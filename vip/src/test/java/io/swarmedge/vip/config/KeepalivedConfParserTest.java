package io.swarmedge.vip.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: each file under keepalived/cases starts with "# expect: SUMMARY" or "# expect: error: MESSAGE". */
class KeepalivedConfParserTest {
    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(
                KeepalivedConfParserTest.class.getResource("/keepalived/cases").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parses(Path file) throws Exception {
        String text = Files.readString(file);
        String expect = text.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");
        if (expect.startsWith("error: ")) {
            assertThatThrownBy(() -> KeepalivedConfParser.parse(file))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(expect.substring(7));
        } else {
            assertThat(summary(KeepalivedConfParser.parse(file))).isEqualTo(expect);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverFailsWithAnythingButConfigException(Path file) throws Exception {
        // Truncating a valid file anywhere must produce a clean error, never a crash.
        String text = Files.readString(file);
        for (int cut = 0; cut < text.length(); cut += 7) {
            String partial = text.substring(0, cut);
            try {
                KeepalivedConfParser.parse(partial, "partial.conf");
            } catch (ConfigException expected) {
                assertThat(expected.getMessage()).startsWith("partial.conf");
            }
        }
    }

    static String summary(VipConfig config) {
        return config.instances().stream()
                .map(KeepalivedConfParserTest::summary)
                .collect(Collectors.joining(" | "));
    }

    static String summary(InstanceConfig i) {
        StringBuilder s = new StringBuilder();
        s.append(i.name())
                .append(" if=")
                .append(i.interfaceName())
                .append(" vrid=")
                .append(i.vrid());
        s.append(" v").append(i.version().number()).append(" prio=").append(i.priority());
        s.append(" advert=").append(i.advertCentis()).append("cs addrs=").append(i.addresses());
        i.password().ifPresent(p -> s.append(" pass=").append(p));
        if (i.unicast()) {
            s.append(" unicast=")
                    .append(i.unicastSource().map(a -> a.getHostAddress()).orElse("auto"))
                    .append("->")
                    .append(i.unicastPeers().stream()
                            .map(a -> a.getHostAddress())
                            .toList());
        }
        s.append(" preempt=").append(i.preempt());
        if (!i.preemptDelay().isZero()) {
            s.append(" delay=").append(i.preemptDelay());
        }
        List<String> checks = i.checks().stream()
                .map(c -> c.name() + ":" + kind(c.check()) + "/"
                        + (c.interval().toMillis() / 1000.0
                                        == Math.floor(c.interval().toMillis() / 1000.0)
                                ? c.interval().toSeconds() + "s"
                                : c.interval().toMillis() / 1000.0 + "s")
                        + "/w" + c.weight())
                .toList();
        s.append(" checks=").append(checks);
        s.append(" checksum=").append(i.checksumMode());
        i.notifications().any().ifPresent(n -> s.append(" notify=").append(n));
        i.vmac().ifPresent(v -> s.append(" vmac=").append(v));
        return s.toString();
    }

    private static String kind(CheckSpec spec) {
        return switch (spec) {
            case CheckSpec.Script sc -> "script" + sc.command();
            case CheckSpec.DockerPing d -> "docker";
            case CheckSpec.HttpGet h -> "http " + h.url();
            case CheckSpec.ProxyPing h -> "proxy " + h.url();
            case CheckSpec.InterfaceUp u -> "interface";
        };
    }
}
