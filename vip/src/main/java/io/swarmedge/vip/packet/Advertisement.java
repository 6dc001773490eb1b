package io.swarmedge.vip.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One VRRP advertisement. The interval is kept in centiseconds for both versions (VRRPv2 carries
 * whole seconds on the wire). {@code password} is VRRPv2 simple-text authentication, at most 8 bytes.
 */
public record Advertisement(
        VrrpVersion version,
        int vrid,
        int priority,
        int intervalCentis,
        List<InetAddress> addresses,
        Optional<String> password) {
    public Advertisement {
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("virtual router id " + vrid + " out of range 1-255");
        }
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " out of range 0-255");
        }
        if (version == VrrpVersion.V3 && (intervalCentis < 1 || intervalCentis > 4095)) {
            throw new IllegalArgumentException("VRRPv3 interval " + intervalCentis + " cs out of range 1-4095");
        }
        if (version == VrrpVersion.V2
                && (intervalCentis < 100 || intervalCentis > 25500 || intervalCentis % 100 != 0)) {
            throw new IllegalArgumentException(
                    "VRRPv2 interval must be whole seconds 1-255, not " + intervalCentis + " cs");
        }
        if (addresses.size() > 255) {
            throw new IllegalArgumentException("at most 255 addresses per advertisement");
        }
        if (version == VrrpVersion.V2 && addresses.stream().anyMatch(a -> !(a instanceof Inet4Address))) {
            throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only");
        }
        addresses = List.copyOf(addresses);
        if (password.isPresent() && version != VrrpVersion.V3 && password.get().length() > 8) {
            password = Optional.of(password.get().substring(0, 8));
        }
    }
}
