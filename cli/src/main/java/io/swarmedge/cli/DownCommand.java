package io.swarmedge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wiring for {@code down}; replaced by the real command. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Remove what 'swarmedge up' created.")
public final class DownCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swarmedge down: not built yet");
        return 2;
    }
}
