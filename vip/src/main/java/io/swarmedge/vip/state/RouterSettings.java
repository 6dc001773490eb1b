package io.swarmedge.vip.state;

import io.swarmedge.vip.packet.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;

/**
 * What the state machine needs to know about its virtual router. {@code localAddress} is the
 * primary address compared with a peer's on equal priority.
 */
public record RouterSettings(
        VrrpVersion version,
        int vrid,
        int basePriority,
        int advertCentis,
        boolean preempt,
        Duration preemptDelay,
        InetAddress localAddress) {
    public static final int OWNER_PRIORITY = 255;

    public RouterSettings {
        if (basePriority < 1 || basePriority > 255) {
            throw new IllegalArgumentException("priority " + basePriority + " out of range 1-255");
        }
        if (advertCentis < 1 || advertCentis > 4095) {
            throw new IllegalArgumentException("advertisement interval " + advertCentis + " cs out of range 1-4095");
        }
    }
}
