package io.swarmedge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wiring for the {@code vip} role; replaced by the role's real command. */
@Command(name = "vip", mixinStandardHelpOptions = true, description = "Run the VRRP floating-IP daemon.")
public final class VipCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swarmedge vip: not built yet");
        return 2;
    }
}
