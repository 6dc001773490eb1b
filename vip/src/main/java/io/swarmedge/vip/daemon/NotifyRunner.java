package io.swarmedge.vip.daemon;

import io.swarmedge.vip.config.NotifyConfig;
import io.swarmedge.vip.state.VrrpState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the notify programs for a transition on a virtual thread, never blocking the state machine. */
final class NotifyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyRunner.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final String instance;
    private final NotifyConfig config;

    NotifyRunner(String instance, NotifyConfig config) {
        this.instance = instance;
        this.config = config;
    }

    void transitioned(VrrpState to, int priority) {
        Optional<List<String>> specific = switch (to) {
            case MASTER -> config.master();
            case BACKUP -> config.backup();
            case FAULT -> config.fault();
            case INITIALIZE -> config.stop();
        };
        String keepalivedState = to == VrrpState.INITIALIZE ? "STOP" : to.name();
        List<List<String>> commands = new ArrayList<>();
        specific.ifPresent(commands::add);
        config.any().ifPresent(any -> {
            List<String> command = new ArrayList<>(any);
            command.addAll(List.of("INSTANCE", instance, keepalivedState, Integer.toString(priority)));
            commands.add(command);
        });
        if (commands.isEmpty()) {
            return;
        }
        Thread thread = Thread.ofVirtual().name("notify-" + instance).start(() -> {
            for (List<String> command : commands) {
                run(command);
            }
        });
        if (to == VrrpState.INITIALIZE) {
            // Stopping: let notify_stop finish before the process exits.
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("event=notify_timeout instance={} command=\"{}\"", instance, String.join(" ", command));
            } else if (process.exitValue() != 0) {
                LOG.warn(
                        "event=notify_failed instance={} command=\"{}\" exit={}",
                        instance,
                        String.join(" ", command),
                        process.exitValue());
            }
        } catch (IOException e) {
            LOG.warn(
                    "event=notify_failed instance={} command=\"{}\" error=\"{}\"",
                    instance,
                    String.join(" ", command),
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
