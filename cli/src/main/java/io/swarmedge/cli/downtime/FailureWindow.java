package io.swarmedge.cli.downtime;

/**
 * A stretch of time with failures close together, successes possibly among them: when one of two
 * backends is dead, requests fail every other time and the strict {@link Gap}s come in dozens of
 * tiny pieces; the window shows the whole episode.
 *
 * @param startMs when its first failed request started, in milliseconds since the run started
 * @param endMs when its last failed request ended
 * @param failures failed requests in the window
 * @param succeeded requests that started in the window and succeeded
 * @param gaps strict gaps in the window
 */
public record FailureWindow(double startMs, double endMs, int failures, int succeeded, int gaps) {}
