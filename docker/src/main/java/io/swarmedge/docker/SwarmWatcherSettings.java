package io.swarmedge.docker;

import java.time.Duration;

/**
 * Timings of a {@link SwarmWatcher}.
 *
 * @param taskPollInterval how often the task list is read (Swarm sends no task events)
 * @param resyncInterval how often everything is re-read even without events (a safety net)
 * @param eventDebounce how long to gather a burst of events into one read
 * @param followUpDelay when to read the tasks again after an event (Swarm changes tasks just after
 *     the service update that caused it)
 * @param requestTimeout the time limit of one API call
 * @param initialBackoff the wait after the first failure in a row
 * @param maxBackoff the longest wait between retries
 */
public record SwarmWatcherSettings(
        Duration taskPollInterval,
        Duration resyncInterval,
        Duration eventDebounce,
        Duration followUpDelay,
        Duration requestTimeout,
        Duration initialBackoff,
        Duration maxBackoff) {

    /** Polls tasks every second, re-reads all every 30 s, backs off from 0.5 s to 15 s. */
    public static final SwarmWatcherSettings DEFAULTS = new SwarmWatcherSettings(
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofMillis(20),
            Duration.ofMillis(250),
            Duration.ofSeconds(10),
            Duration.ofMillis(500),
            Duration.ofSeconds(15));

    public SwarmWatcherSettings {
        for (Duration d : new Duration[] {
            taskPollInterval, resyncInterval, eventDebounce, followUpDelay, requestTimeout, initialBackoff, maxBackoff
        }) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("swarm watcher durations must not be negative: " + d);
            }
        }
        if (taskPollInterval.isZero() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("taskPollInterval and requestTimeout must be positive");
        }
    }

    /** A copy with another task poll interval. */
    public SwarmWatcherSettings withTaskPollInterval(Duration interval) {
        return new SwarmWatcherSettings(
                interval, resyncInterval, eventDebounce, followUpDelay, requestTimeout, initialBackoff, maxBackoff);
    }

    /** A copy with other back-off bounds. */
    public SwarmWatcherSettings withBackoff(Duration initial, Duration max) {
        return new SwarmWatcherSettings(
                taskPollInterval, resyncInterval, eventDebounce, followUpDelay, requestTimeout, initial, max);
    }
}
