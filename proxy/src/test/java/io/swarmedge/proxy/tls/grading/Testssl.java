package io.swarmedge.proxy.tls.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's testssl.sh (3.0.8, command {@code testssl}) run against a server on loopback, with only the
 * checks the A+ criteria need: protocols ({@code -p}), cipher categories ({@code -s}), forward
 * secrecy ({@code -f}), server defaults with the chain of trust ({@code -S}), HTTP headers with HSTS
 * ({@code -h}) and vulnerabilities ({@code -U}). No cipher-by-cipher enumeration and no browser
 * simulation: those take most of a full run and decide nothing here. 20-110 s on a loaded
 * two-core machine.
 *
 * @param executable the testssl command
 * @param timeout how long one scan may run before it is killed
 */
record Testssl(String executable, Duration timeout) {
    private static final Logger LOG = LoggerFactory.getLogger(Testssl.class);

    /** Generous: a scan took 20-110 s on the loaded two-core machine; six minutes means it hangs. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(6);

    /** What testssl scans: a name (SNI, certificate check) served on a loopback port, and its CA. */
    record Target(String serverName, int port, Path caPem) {
        String describe() {
            return serverName + " @ 127.0.0.1:" + port;
        }
    }

    static Testssl standard() {
        return new Testssl("testssl", DEFAULT_TIMEOUT);
    }

    /** The command line of a scan writing its flat JSON to {@code json}. */
    List<String> command(Target target, Path json) {
        List<String> command = new ArrayList<>(List.of(
                executable,
                "--warnings",
                "off",
                "--quiet",
                "--color",
                "0",
                "--jsonfile",
                json.toString(),
                "--add-ca",
                target.caPem().toString(),
                "--ip",
                "127.0.0.1",
                "--connect-timeout",
                "30",
                "--openssl-timeout",
                "30",
                "-p",
                "-s",
                "-f",
                "-S",
                "-h",
                "-U"));
        command.add(target.serverName() + ":" + target.port());
        return command;
    }

    /**
     * Scans {@code target}, keeping testssl's console output and JSON in {@code workDir} (a directory
     * of its own: testssl refuses to overwrite an existing JSON file).
     */
    TestsslReport scan(Target target, Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path json = workDir.resolve("testssl.json");
        Path log = workDir.resolve("testssl.log");
        List<String> command = command(target, json);
        LOG.info("testssl-scan target=\"{}\" command=\"{}\"", target.describe(), String.join(" ", command));
        // A private TMPDIR: testssl leaves temporary files behind when it is killed.
        Path tmp = workDir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExternalCommand.Finished run =
                new ExternalCommand(command, Map.of("TMPDIR", tmp.toString()), timeout).run("", log);
        LOG.info(
                "testssl-done target=\"{}\" exit={} took_s={} log={}",
                target.describe(),
                run.exitCode(),
                run.took().toSeconds(),
                log);
        if (!Files.exists(json)) {
            throw new IllegalStateException(
                    "testssl wrote no JSON (exit " + run.exitCode() + "); its output: " + tail(log));
        }
        return TestsslReport.parse(target.describe(), json, run.took());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
