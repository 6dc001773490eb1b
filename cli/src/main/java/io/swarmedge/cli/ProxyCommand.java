package io.swarmedge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wiring for the {@code proxy} role; replaced by the role's real command. */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        description = "Run the edge proxy (entrypoints, routing, TLS, ACME).")
public final class ProxyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swarmedge proxy: not built yet");
        return 2;
    }
}
