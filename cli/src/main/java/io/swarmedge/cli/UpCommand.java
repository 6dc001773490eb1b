package io.swarmedge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wiring for {@code up}; replaced by the real command. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Build the image if needed and deploy swarmedge with a demo service on the local swarm.")
public final class UpCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swarmedge up: not built yet");
        return 2;
    }
}
