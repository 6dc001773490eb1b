package io.swarmedge.cli;

import io.swarmedge.cli.downtime.DowntimeOptions;
import io.swarmedge.cli.downtime.DowntimeReport;
import io.swarmedge.cli.downtime.DowntimeRun;
import io.swarmedge.cli.downtime.MethodMix;
import io.swarmedge.cli.downtime.ReportJson;
import io.swarmedge.cli.downtime.ReportTable;
import io.swarmedge.config.staticconfig.GoDuration;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code swarmedge downtime URL}: sends requests at a fixed rate for a while and reports every gap
 * (run of failed requests) and the totals; the seed's {@code downtime.sh}, measured properly.
 */
@Command(
        name = "downtime",
        mixinStandardHelpOptions = true,
        description = {
            "Measure what clients see while you drain, update or kill things: requests at a fixed "
                    + "rate from several workers (half open a new connection per request, half keep it "
                    + "alive; GETs and POSTs), every failure classified (refused, reset, timeout, 5xx, "
                    + "other), every gap (run of consecutive failures) with its start, length and kinds, "
                    + "and the totals.",
            "",
            "Exit status: 0 when no request failed, 1 when some did, 2 when it could not run.",
            ""
        })
public final class DowntimeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "An http:// URL, e.g. http://192.168.213.250/")
    URI url;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to send requests (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "50",
            description = "Requests per second, all workers together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--concurrency",
            defaultValue = "4",
            description =
                    "Workers; half use a new connection per request, half keep-alive (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--method",
            defaultValue = "BOTH",
            description = "GET, POST (with a small JSON body) or BOTH, alternating (default: ${DEFAULT-VALUE}).")
    MethodMix method;

    @Option(
            names = "--timeout",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Limit for one request, connect to complete answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--host-header",
            defaultValue = "",
            paramLabel = "HOST",
            description = "Host header to send (default: the URL's host), e.g. whoami.localhost.")
    String hostHeader;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Option(names = "--progress", description = "Print a progress line on stderr even when it is not a terminal.")
    boolean progress;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DowntimeOptions options;
        try {
            options = new DowntimeOptions(url, duration, rate, concurrency, method, timeout, hostHeader);
        } catch (IllegalArgumentException e) {
            err.println("swarmedge downtime: " + e.getMessage());
            err.flush();
            return 2;
        }
        DowntimeRun run = new DowntimeRun(options);
        // Ctrl-C ends the run early but still prints what was measured.
        CountDownLatch printed = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            run.stop();
            try {
                printed.await(options.timeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        // Since JDK 22 System.console() exists even when redirected: ask whether it is a terminal.
        boolean terminal = System.console() != null && System.console().isTerminal();
        Thread progressLine = progress || terminal ? startProgress(run, err) : null;
        DowntimeReport report;
        try {
            report = run.run();
        } catch (IllegalArgumentException e) {
            err.println("swarmedge downtime: " + e.getMessage());
            err.flush();
            printed.countDown();
            return 2;
        } finally {
            if (progressLine != null) {
                progressLine.interrupt();
                progressLine.join();
            }
        }
        out.print(json ? ReportJson.render(report) : ReportTable.render(report));
        out.flush();
        printed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (Ctrl-C): it returns now that the report is out.
        }
        return report.failed() == 0 ? 0 : 1;
    }

    private Thread startProgress(DowntimeRun run, PrintWriter err) {
        double total = duration.toMillis() / 1000.0;
        return Thread.ofVirtual().name("downtime-progress").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(500);
                    err.print("\r" + line(run.progress(), total) + "   ");
                    err.flush();
                }
            } catch (InterruptedException done) {
                err.print("\r" + line(run.progress(), total) + "   \n");
                err.flush();
            }
        });
    }

    static String line(DowntimeRun.Progress p, double totalSeconds) {
        String kinds = p.failuresByKind().isEmpty()
                ? ""
                : " ("
                        + p.failuresByKind().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .collect(Collectors.joining(", "))
                        + ")";
        String state =
                p.failingForMs() > 0 ? String.format(Locale.ROOT, "FAILING for %.1f s", p.failingForMs() / 1000) : "ok";
        return String.format(
                Locale.ROOT,
                "[%5.1f/%.0f s] %d requests, %d failed%s, now %s",
                Math.min(p.elapsedMs() / 1000, totalSeconds),
                totalSeconds,
                p.requests(),
                p.failed(),
                kinds,
                state);
    }

    /** Go-style durations ({@code 30s}, {@code 1m}, {@code 500ms}) or bare seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return GoDuration.parse(value);
        }
    }
}
