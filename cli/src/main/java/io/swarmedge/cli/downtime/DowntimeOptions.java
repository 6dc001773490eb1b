package io.swarmedge.cli.downtime;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a downtime run does.
 *
 * @param target an {@code http://} URL (path and query are sent as they are)
 * @param duration how long to send requests
 * @param rate requests per second, all workers together
 * @param concurrency workers; even-numbered ones open a new connection per request, odd ones keep it
 * @param methods GETs, POSTs or both
 * @param timeout the limit for one request, connect to complete answer
 * @param hostHeader the {@code Host} header to send; empty means the URL's host and port
 */
public record DowntimeOptions(
        URI target,
        Duration duration,
        int rate,
        int concurrency,
        MethodMix methods,
        Duration timeout,
        String hostHeader) {
    /** At most this many requests per run: the samples are kept in memory. */
    public static final long MAX_REQUESTS = 2_000_000;

    public static final int MAX_RATE = 10_000;
    public static final int MAX_CONCURRENCY = 256;

    public DowntimeOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(hostHeader, "hostHeader");
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(
                    "URL " + target + ": only http:// is supported (measure HTTPS through its HTTP entrypoint)");
        }
        if (target.getHost() == null || target.getHost().isEmpty()) {
            throw new IllegalArgumentException("URL " + target + " has no host");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("--duration must be within (0, 24h], got " + duration);
        }
        if (rate < 1 || rate > MAX_RATE) {
            throw new IllegalArgumentException("--rate must be within 1.." + MAX_RATE + ", got " + rate);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "--concurrency must be within 1.." + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("--timeout must be within [1ms, 5m], got " + timeout);
        }
        if (hostHeader.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("--host-header must not contain spaces or control characters");
        }
        long planned = Math.multiplyExact((long) rate, Math.max(1, duration.toMillis())) / 1000;
        if (planned > MAX_REQUESTS) {
            throw new IllegalArgumentException(
                    "--rate × --duration is " + planned + " requests; at most " + MAX_REQUESTS + " per run");
        }
    }

    /** The target's port, 80 when the URL has none. */
    public int port() {
        return target.getPort() == -1 ? 80 : target.getPort();
    }

    /** The request target sent on the request line: the URL's raw path and query, at least {@code /}. */
    public String requestTarget() {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }

    /** The {@code Host} header value. */
    public String host() {
        if (!hostHeader.isEmpty()) {
            return hostHeader;
        }
        return target.getPort() == -1 ? target.getHost() : target.getHost() + ":" + target.getPort();
    }

    /** The connection mode of worker {@code index}: half the workers each way (one worker: new). */
    public ConnectionMode modeOf(int index) {
        return index % 2 == 0 ? ConnectionMode.NEW : ConnectionMode.KEEP_ALIVE;
    }
}
