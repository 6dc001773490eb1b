package io.swarmedge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code docker} command line and project scripts with a time limit. {@code up} and
 * {@code down} shell out because stack deployment exists only in the docker CLI.
 */
final class DockerCli {
    /** What a finished command printed, and how it exited. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The command's own words for why it failed, for error messages. */
        String failure() {
            String why = stderr.isBlank() ? stdout.strip() : stderr.strip();
            return String.join(" ", command) + " exited with " + exitCode + (why.isEmpty() ? "" : ": " + why);
        }
    }

    /** A command that did not finish in time or could not be started. */
    static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_OUTPUT = 1 << 20;
    private final Map<String, String> environment;

    DockerCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Runs {@code docker args...} and captures its output. */
    Result docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return capture(command, timeout);
    }

    /** Runs a command and captures its output (at most 1 MiB of each stream). */
    Result capture(List<String> command, Duration timeout) {
        Process process = start(new ProcessBuilder(command));
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        int code = await(process, command, timeout);
        return new Result(List.copyOf(command), code, out.join(), err.join());
    }

    /** Runs a command whose output the user should see as it happens (scripts with progress). */
    int stream(List<String> command, Path directory, Duration timeout) {
        Process process = start(new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        return await(process, command, timeout);
    }

    private Process start(ProcessBuilder builder) {
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // nothing to say on stdin: commands see end of file
            return process;
        } catch (IOException e) {
            throw new CommandFailedException(
                    "cannot run " + builder.command().getFirst() + ": " + e.getMessage()
                            + (builder.command().getFirst().equals("docker")
                                    ? " (is Docker installed? scripts/setup.d/50-docker.sh installs it)"
                                    : ""),
                    e);
        }
    }

    private static int await(Process process, List<String> command, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new CommandFailedException(
                        String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s", null);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new CommandFailedException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                byte[] kept = stream.readNBytes(MAX_OUTPUT);
                stream.transferTo(OutputStream.nullOutputStream());
                result.complete(new String(kept, StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return result;
    }
}
