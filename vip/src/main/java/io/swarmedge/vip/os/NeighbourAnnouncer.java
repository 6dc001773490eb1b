package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Tells the link who owns a virtual address now: gratuitous ARP for IPv4, unsolicited neighbour
 * advertisements for IPv6, both sent as whole Ethernet frames on an {@code AF_PACKET} socket.
 */
public final class NeighbourAnnouncer implements AutoCloseable {
    private static final int ETH_P_ARP = 0x0806;
    private static final int ETH_P_IPV6 = 0x86dd;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final byte[] ALL_NODES = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final int fd;

    public NeighbourAnnouncer() {
        // Protocol 0: a send-only packet socket receives nothing.
        fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW, 0);
    }

    /** Announces {@code address} as living at {@code mac} on interface {@code ifIndex}. */
    public void announce(int ifIndex, byte[] mac, InetAddress address) {
        switch (address) {
            case Inet4Address v4 -> send(ifIndex, gratuitousArp(mac, v4), ETH_P_ARP, BROADCAST);
            case Inet6Address v6 -> send(ifIndex, unsolicitedAdvertisement(mac, v6), ETH_P_IPV6, ALL_NODES_MAC);
            default -> throw new IllegalArgumentException(address.toString());
        }
    }

    static byte[] gratuitousArp(byte[] mac, Inet4Address address) {
        byte[] f = new byte[60]; // minimum Ethernet frame, zero padded
        System.arraycopy(BROADCAST, 0, f, 0, 6);
        System.arraycopy(mac, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x06;
        f[15] = 1; // hardware: Ethernet
        f[16] = 0x08; // protocol: IPv4
        f[18] = 6;
        f[19] = 4;
        f[21] = 1; // request: sender and target are both the virtual address
        System.arraycopy(mac, 0, f, 22, 6);
        System.arraycopy(address.getAddress(), 0, f, 28, 4);
        System.arraycopy(address.getAddress(), 0, f, 38, 4);
        return f;
    }

    static byte[] unsolicitedAdvertisement(byte[] mac, Inet6Address address) {
        byte[] f = new byte[14 + 40 + 32];
        System.arraycopy(ALL_NODES_MAC, 0, f, 0, 6);
        System.arraycopy(mac, 0, f, 6, 6);
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd;
        int ip = 14;
        f[ip] = 0x60;
        f[ip + 5] = 32; // payload length
        f[ip + 6] = 58; // ICMPv6
        f[ip + 7] = (byte) 255;
        System.arraycopy(address.getAddress(), 0, f, ip + 8, 16);
        System.arraycopy(ALL_NODES, 0, f, ip + 24, 16);
        int icmp = ip + 40;
        f[icmp] = (byte) 136; // neighbour advertisement
        f[icmp + 4] = 0x20; // override: replace whatever the neighbours cached
        System.arraycopy(address.getAddress(), 0, f, icmp + 8, 16);
        f[icmp + 24] = 2; // option: target link-layer address
        f[icmp + 25] = 1;
        System.arraycopy(mac, 0, f, icmp + 26, 6);
        byte[] pseudo = new byte[40 + 32];
        System.arraycopy(address.getAddress(), 0, pseudo, 0, 16);
        System.arraycopy(ALL_NODES, 0, pseudo, 16, 16);
        pseudo[35] = 32;
        pseudo[39] = 58;
        System.arraycopy(f, icmp, pseudo, 40, 32);
        int sum = io.swarmedge.vip.packet.InternetChecksum.compute(pseudo, 0, pseudo.length);
        f[icmp + 2] = (byte) (sum >> 8);
        f[icmp + 3] = (byte) sum;
        return f;
    }

    private void send(int ifIndex, byte[] frame, int protocol, byte[] destination) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ll = arena.allocate(20);
            ll.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            ll.set(JAVA_SHORT, 2, SocketAddresses.htons(protocol));
            ll.set(JAVA_INT, 4, ifIndex);
            ll.set(JAVA_BYTE, 11, (byte) 6);
            MemorySegment.copy(destination, 0, ll, JAVA_BYTE, 12, 6);
            Libc.sendto(fd, arena.allocateFrom(JAVA_BYTE, Arrays.copyOf(frame, frame.length)), ll);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
