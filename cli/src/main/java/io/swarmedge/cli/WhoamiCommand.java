package io.swarmedge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wiring for the {@code whoami} role; replaced by the role's real command. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        description = "Run a tiny HTTP test backend that echoes the request it saw.")
public final class WhoamiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swarmedge whoami: not built yet");
        return 2;
    }
}
