package io.swarmedge.acme.renewal;

import java.time.Duration;

/**
 * How a {@link CertificateKeeper} paces itself.
 *
 * @param owner this replica's identity in locks (host name + process id make a good one)
 * @param checkInterval how often certificates are looked at (renewal due, store changes)
 * @param policy renewal window and failure back-off
 * @param lockLease lease of the order lock (renewed while an order runs)
 * @param stepTimeout longest wait for one CA step (a validation, the finalisation)
 */
public record KeeperSettings(
        String owner, Duration checkInterval, RenewalPolicy policy, Duration lockLease, Duration stepTimeout) {
    /** Checks every minute; five minutes doubling to six hours after failures; two-minute order locks. */
    public static KeeperSettings defaults(String owner) {
        return new KeeperSettings(
                owner, Duration.ofMinutes(1), RenewalPolicy.DEFAULT, Duration.ofMinutes(2), Duration.ofMinutes(2));
    }
}
