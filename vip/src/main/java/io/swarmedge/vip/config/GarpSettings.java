package io.swarmedge.vip.config;

import java.time.Duration;

/**
 * Gratuitous ARP / unsolicited NA after becoming master: {@code repeat} announcements at once,
 * again after {@code masterDelay} (zero = no second burst), then every {@code masterRefresh}
 * (zero = never), as keepalived's {@code garp_master_*}.
 */
public record GarpSettings(Duration masterDelay, int repeat, Duration masterRefresh) {
    public GarpSettings {
        if (repeat < 1 || repeat > 255) {
            throw new IllegalArgumentException("garp repeat " + repeat + " out of range 1-255");
        }
    }

    public static GarpSettings keepalivedDefaults() {
        return new GarpSettings(Duration.ofSeconds(5), 5, Duration.ZERO);
    }
}
