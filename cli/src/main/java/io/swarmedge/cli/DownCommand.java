package io.swarmedge.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swarmedge down}: removes the stack {@code up} deployed and, when {@code up} created it
 * (it carries {@code up}'s label), the {@code web-servers} network.
 */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Remove what 'swarmedge up' created.")
public final class DownCommand implements Callable<Integer> {
    private static final Duration QUICK = Duration.ofSeconds(30);

    @Option(names = "--stack-name", defaultValue = "swarmedge", description = "Stack name (default: ${DEFAULT-VALUE}).")
    String stackName;

    @Option(names = "--keep-network", description = "Keep the web-servers network even if 'up' created it.")
    boolean keepNetwork;

    @Option(
            names = "--timeout",
            defaultValue = "60",
            description = "Seconds to wait for the stack's containers to stop (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        try {
            return down(new DockerCli(Map.of()));
        } catch (IllegalStateException | DockerCli.CommandFailedException e) {
            System.err.println("swarmedge down: " + e.getMessage());
            return 1;
        }
    }

    private int down(DockerCli cli) {
        String namespace = "label=com.docker.stack.namespace=" + stackName;
        if (StackStatus.read(cli, stackName).replicas().isEmpty()
                && cli.docker(QUICK, "network", "ls", "-q", "--filter", namespace)
                        .stdout()
                        .isBlank()) {
            System.out.println("swarmedge down: no stack " + stackName);
        } else {
            System.out.println("swarmedge down: removing stack " + stackName);
            var rm = cli.docker(Duration.ofMinutes(2), "stack", "rm", stackName);
            if (!rm.ok()) {
                throw new IllegalStateException(rm.failure());
            }
        }
        // The stack's containers must be gone before its networks (and web-servers) can go.
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        while (!cli.docker(QUICK, "ps", "-aq", "--filter", namespace).stdout().isBlank()
                || !cli.docker(QUICK, "network", "ls", "-q", "--filter", namespace)
                        .stdout()
                        .isBlank()) {
            if (Instant.now().isAfter(deadline)) {
                System.err.println("swarmedge down: the stack's containers or networks are still there after "
                        + timeoutSeconds + " s: docker ps -a --filter " + namespace);
                return 1;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        removeNetwork(cli);
        System.out.println("swarmedge down: done");
        return 0;
    }

    private void removeNetwork(DockerCli cli) {
        var label = cli.docker(
                QUICK,
                "network",
                "inspect",
                "--format",
                "{{index .Labels \"" + UpCommand.CREATED_BY_LABEL + "\"}}",
                UpCommand.NETWORK);
        if (!label.ok()) {
            return;
        }
        if (!label.stdout().strip().equals(UpCommand.CREATED_BY_VALUE)) {
            System.out.println("  keeping network " + UpCommand.NETWORK + ": 'up' did not create it");
        } else if (keepNetwork) {
            System.out.println("  keeping network " + UpCommand.NETWORK + " (--keep-network)");
        } else {
            var rm = cli.docker(QUICK, "network", "rm", UpCommand.NETWORK);
            System.out.println(
                    rm.ok()
                            ? "  removed network " + UpCommand.NETWORK
                            : "  keeping network " + UpCommand.NETWORK + ": " + rm.failure()
                                    + " (other services still use it)");
        }
    }
}
