package io.swarmedge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder wiring for the {@code socket-proxy} role; replaced by the role's real command. */
@Command(name = "socket-proxy", mixinStandardHelpOptions = true, description = "Run the Docker Engine API filter.")
public final class SocketProxyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("swarmedge socket-proxy: not built yet");
        return 2;
    }
}
