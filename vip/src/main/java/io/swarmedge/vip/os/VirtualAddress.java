package io.swarmedge.vip.os;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A virtual address as configured: address, prefix length, optional device (defaults to the
 * instance's interface), optional label and scope (rtnetlink scope number, 0 = global).
 */
public record VirtualAddress(
        InetAddress address, int prefixLength, Optional<String> device, Optional<String> label, int scope) {
    public VirtualAddress {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-" + max);
        }
    }

    public static VirtualAddress of(InetAddress address, int prefixLength) {
        return new VirtualAddress(address, prefixLength, Optional.empty(), Optional.empty(), 0);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
