package io.swarmedge.vip.track;

/** The outcome of running a check once. */
public enum ProbeResult {
    HEALTHY,
    /** No good answer (error, timeout, refused, bad status): counts toward the check's {@code fall}. */
    FAILED,
    /**
     * The service answered, definitely, that it must not get traffic (the proxy's 503 while it has
     * no configuration yet or drains): the check fails at once, whatever its {@code fall}.
     */
    NOT_SERVING;

    public static ProbeResult of(boolean healthy) {
        return healthy ? HEALTHY : FAILED;
    }
}
