package io.swarmedge.vip.config;

import io.swarmedge.vip.os.VirtualAddress;
import io.swarmedge.vip.packet.ChecksumMode;
import io.swarmedge.vip.packet.VrrpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One virtual router, validated: whatever produced it (YAML, flags, keepalived.conf). {@code vmac}
 * names the macvlan interface carrying the VRRP virtual MAC (keepalived's {@code use_vmac}).
 */
public record InstanceConfig(
        String name,
        String interfaceName,
        int vrid,
        int priority,
        VrrpVersion version,
        int advertCentis,
        List<VirtualAddress> addresses,
        Optional<InetAddress> unicastSource,
        List<InetAddress> unicastPeers,
        Optional<String> password,
        boolean preempt,
        Duration preemptDelay,
        ChecksumMode checksumMode,
        List<TrackedCheckConfig> checks,
        NotifyConfig notifications,
        GarpSettings garp,
        Optional<String> vmac) {
    public InstanceConfig {
        String where = "instance \"" + name + "\": ";
        if (interfaceName.isBlank()) {
            throw new IllegalArgumentException(where + "interface is required");
        }
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException(where + "virtual_router_id " + vrid + " out of range 1-255");
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(where + "priority " + priority + " out of range 1-255");
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException(where + "at least one virtual address is required");
        }
        boolean v6 = addresses.getFirst().address() instanceof Inet6Address;
        if (addresses.stream().anyMatch(a -> (a.address() instanceof Inet6Address) != v6)) {
            throw new IllegalArgumentException(
                    where + "virtual addresses mix IPv4 and IPv6; use one instance per family");
        }
        if (v6 && version == VrrpVersion.V2) {
            throw new IllegalArgumentException(where + "VRRPv2 is IPv4 only; IPv6 needs version 3");
        }
        if (version == VrrpVersion.V2 && advertCentis % 100 != 0) {
            throw new IllegalArgumentException(
                    where + "VRRPv2 advertises whole seconds; use version 3 for " + (advertCentis / 100.0) + " s");
        }
        if (advertCentis < 1 || advertCentis > (version == VrrpVersion.V2 ? 25500 : 4095)) {
            throw new IllegalArgumentException(where + "advertisement interval " + advertCentis + " cs out of range");
        }
        if (password.isPresent() && version == VrrpVersion.V3) {
            throw new IllegalArgumentException(where + "authentication is VRRPv2 only (RFC 5798 removed it)");
        }
        for (InetAddress peer : unicastPeers) {
            if ((peer instanceof Inet6Address) != v6) {
                throw new IllegalArgumentException(
                        where + "unicast peer " + peer.getHostAddress() + " is not of the virtual addresses' family");
            }
        }
        unicastSource.ifPresent(src -> {
            if ((src instanceof Inet6Address) != v6) {
                throw new IllegalArgumentException(
                        where + "unicast source " + src.getHostAddress() + " is not of the virtual addresses' family");
            }
        });
        vmac.ifPresent(vmacName -> {
            if (v6) {
                throw new IllegalArgumentException(where + "use_vmac is supported for IPv4 instances only");
            }
            if (vmacName.isEmpty() || vmacName.length() > 15) {
                throw new IllegalArgumentException(
                        where + "virtual MAC interface name \"" + vmacName + "\" must be 1 to 15 characters");
            }
        });
        addresses = List.copyOf(addresses);
        unicastPeers = List.copyOf(unicastPeers);
        checks = List.copyOf(checks);
    }

    public boolean ipv6() {
        return !(addresses.getFirst().address() instanceof Inet4Address);
    }

    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }
}
