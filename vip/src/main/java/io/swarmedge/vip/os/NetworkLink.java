package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Facts about one network interface read from the kernel: index, MAC, primary IPv4 address,
 * IPv6 link-local address and whether it is up.
 */
public final class NetworkLink {
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCGIFADDR = 0x8915;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final int IFF_UP = 0x1;
    private static final int IFF_RUNNING = 0x40;

    private final String name;

    public NetworkLink(String name) {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("interface name \"" + name + "\" must be 1 to 15 characters");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The interface index; throws when the interface does not exist. */
    public int index() {
        int index = Libc.ifNameToIndex(name);
        if (index == 0) {
            throw new IllegalStateException("interface \"" + name + "\" does not exist");
        }
        return index;
    }

    public boolean exists() {
        return Libc.ifNameToIndex(name) != 0;
    }

    /** True when the interface is administratively up and has carrier. */
    public boolean isUp() {
        if (!exists()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = ifreq(arena);
            withInetSocket(fd -> Libc.ioctl(fd, SIOCGIFFLAGS, ifreq, "SIOCGIFFLAGS " + name));
            int flags = ifreq.get(JAVA_SHORT, 16) & 0xffff;
            return (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0;
        } catch (NativeException e) {
            return false;
        }
    }

    public byte[] macAddress() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = ifreq(arena);
            withInetSocket(fd -> Libc.ioctl(fd, SIOCGIFHWADDR, ifreq, "SIOCGIFHWADDR " + name));
            return ifreq.asSlice(18, 6).toArray(JAVA_BYTE);
        }
    }

    /** The interface's primary IPv4 address, which the kernel uses as the VRRP source. */
    public Optional<Inet4Address> primaryIpv4() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = ifreq(arena);
            withInetSocket(fd -> Libc.ioctl(fd, SIOCGIFADDR, ifreq, "SIOCGIFADDR " + name));
            return Optional.of(
                    (Inet4Address) InetAddress.getByAddress(ifreq.asSlice(20, 4).toArray(JAVA_BYTE)));
        } catch (NativeException e) {
            return Optional.empty();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The interface's IPv6 link-local address, the source of VRRPv3 IPv6 advertisements. */
    public Optional<Inet6Address> linkLocalIpv6() {
        // The kernel publishes every IPv6 address here; reading it needs no extra netlink dump.
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/if_inet6"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[5].equals(name) && f[0].startsWith("fe80")) {
                    return Optional.of((Inet6Address)
                            InetAddress.getByAddress(HexFormat.of().parseHex(f[0])));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The interface's first usable global IPv6 address other than {@code excluded} (the virtual
     * addresses): the source of unicast IPv6 advertisements when none is configured.
     */
    public Optional<Inet6Address> globalIpv6(java.util.Collection<InetAddress> excluded) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/if_inet6"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || !f[5].equals(name) || !f[3].equals("00")) {
                    continue;
                }
                int flags = Integer.parseInt(f[4], 16);
                if ((flags & (0x40 | 0x20 | 0x08)) != 0) {
                    continue; // tentative, deprecated or failed duplicate detection
                }
                InetAddress address = InetAddress.getByAddress(HexFormat.of().parseHex(f[0]));
                if (!excluded.contains(address)) {
                    return Optional.of((Inet6Address) address);
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private MemorySegment ifreq(Arena arena) {
        MemorySegment ifreq = arena.allocate(40);
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, ifreq, JAVA_BYTE, 0, bytes.length);
        ifreq.set(JAVA_SHORT, 16, (short) Libc.AF_INET);
        return ifreq;
    }

    private static void withInetSocket(java.util.function.IntConsumer action) {
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM, 0);
        try {
            action.accept(fd);
        } finally {
            Libc.close(fd);
        }
    }
}
