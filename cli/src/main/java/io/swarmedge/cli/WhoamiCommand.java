package io.swarmedge.cli;

import io.swarmedge.whoami.WhoamiOptions;
import io.swarmedge.whoami.WhoamiServer;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code whoami} role: a tiny HTTP test backend that tells who answered and what request it saw. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        description = {
            "Run a tiny HTTP test backend that echoes the request it saw.",
            "",
            "Endpoints:",
            "  /             Hostname, IPs, RemoteAddr, then the request as received",
            "  /health       GET: the health status; POST a status code to set it:",
            "                  curl -X POST -d 500 http://localhost:PORT/health",
            "  /data?size=N  N bytes, streamed",
            "  /slow?ms=N    the / answer after N milliseconds",
            "  /echo         the request body streamed back (also any POST/PUT/PATCH)",
            "  /ws           WebSocket echo",
            ""
        })
public final class WhoamiCommand implements Callable<Integer> {
    /** After the shutdown delay, how long requests under way may take. */
    private static final java.time.Duration FINISHING = java.time.Duration.ofSeconds(5);

    @Option(names = "--port", required = true, description = "TCP port to listen on.")
    int port;

    @Option(names = "--name", defaultValue = "", description = "Name for the Hostname: line (default: the host name).")
    String name;

    @Option(names = "--bind", defaultValue = "", description = "Address to listen on (default: every interface).")
    String bind;

    @Option(
            names = "--health-status",
            defaultValue = "200",
            description = "Status GET /health answers with at start (default: ${DEFAULT-VALUE}).")
    int healthStatus;

    @Option(
            names = "--shutdown-delay",
            defaultValue = "2s",
            converter = DowntimeCommand.DurationConverter.class,
            description = {
                "After SIGTERM, go on serving (every answer closing its connection) this long before stopping:"
                        + " Swarm signals a task as it tells the managers, so proxies still send it requests"
                        + " for a moment (default: ${DEFAULT-VALUE}; 0s stops at once). Requests under way then"
                        + " get up to 5 s to finish."
            })
    java.time.Duration shutdownDelay;

    @Option(names = "--threads", defaultValue = "0", description = "Event-loop threads (default: one per processor).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        WhoamiServer server;
        try {
            server = WhoamiServer.start(new WhoamiOptions(bind, port, name, healthStatus, threads));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("swarmedge whoami: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().unstarted(() -> server.stop(shutdownDelay, FINISHING)));
        server.awaitTermination();
        return 0;
    }
}
