package io.swarmedge.vip.daemon;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swarmedge.vip.config.ConfigException;
import io.swarmedge.vip.config.KeepalivedConfParser;
import io.swarmedge.vip.config.NativeConfigReader;
import io.swarmedge.vip.config.VipConfig;
import java.nio.file.Path;

/**
 * A bare entry point for the daemon ({@code --keepalived-conf FILE} or {@code --config FILE}),
 * used by the integration tests and benchmarks; users run {@code swarmedge vip}.
 */
public final class VipMain {
    private VipMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: VipMain --keepalived-conf FILE | --config FILE");
            System.exit(2);
        }
        VipConfig config;
        try {
            config = switch (args[0]) {
                case "--keepalived-conf" -> KeepalivedConfParser.parse(Path.of(args[1]));
                case "--config" -> NativeConfigReader.read(Path.of(args[1]));
                default -> throw new ConfigException("unknown option " + args[0]);
            };
        } catch (ConfigException e) {
            System.err.println("vip: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new VipDaemon(config, new SimpleMeterRegistry()).runUntilShutdown();
        } catch (IllegalStateException e) {
            System.err.println("vip: " + e.getMessage());
            System.exit(1);
        }
    }
}
