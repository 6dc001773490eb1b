package io.swarmedge.lab;

import java.util.List;
import java.util.Objects;

/**
 * A finished command.
 *
 * @param command what ran
 * @param exitCode its exit status
 * @param stdout what it printed (UTF-8)
 * @param stderr what it printed on stderr (empty when stderr went to the test log)
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result, or an exception naming the command, its status and its output when it failed. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new LabException(String.join(" ", command) + " exited with " + exitCode + ": "
                    + (stderr.isBlank() ? stdout : stderr).strip());
        }
        return this;
    }
}
