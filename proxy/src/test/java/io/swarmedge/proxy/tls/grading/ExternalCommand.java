package io.swarmedge.proxy.tls.grading;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command line tool (testssl.sh, openssl) to completion within a time limit. On timeout the
 * process and every descendant it started (testssl forks openssl and subshells) are killed by PID, so a
 * hung scan never outlives its test.
 *
 * @param command the program and its arguments
 * @param environment variables added to the inherited environment
 * @param timeout how long the command may run
 */
record ExternalCommand(List<String> command, Map<String, String> environment, Duration timeout) {
    /** How a finished command ended, and where its output is. */
    record Finished(int exitCode, Duration took, Path output) {
        /** The output as text (for short outputs such as openssl's). */
        String text() {
            try {
                return Files.readString(output, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + output, e);
            }
        }
    }

    /** The command ran past its time limit and was killed. */
    static final class TimedOut extends RuntimeException {
        TimedOut(List<String> command, Duration timeout, Path output) {
            super("killed after " + timeout.toSeconds() + " s (output so far in " + output + "): "
                    + String.join(" ", command));
        }
    }

    ExternalCommand {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Runs with {@code stdin} as its whole input, stdout and stderr together into {@code output}. */
    Finished run(String stdin, Path output) {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The tool closed its input early (e.g. it failed at once); its exit code says why.
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new TimedOut(command, timeout, output);
            }
            return new Finished(process.exitValue(), Duration.ofNanos(System.nanoTime() - started), output);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** Kills the process and its descendants, children first collected before the parent dies. */
    static void kill(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
