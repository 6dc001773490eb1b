package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * VRRP over IPv4. Receives on a protocol-112 raw socket (the IP header comes along, so the TTL is
 * visible); sends through an {@code IPPROTO_RAW} socket with our own IP header so the source
 * address used in the checksum is the one on the wire, and the sending socket never receives.
 */
public final class Ipv4VrrpSocket implements VrrpSocket {
    static final byte[] VRRP_GROUP = {(byte) 224, 0, 0, 18};
    private static final int RECEIVE_TIMEOUT_MS = 200;

    private final int receiveFd;
    private final int sendFd;
    private final MemorySegment buffer = Arena.global().allocate(65536);
    private final MemorySegment from = Arena.global().allocate(16);
    private final MemorySegment fromLength = Arena.global().allocate(JAVA_INT);
    private volatile boolean closed;

    Ipv4VrrpSocket(NetworkLink link, NetworkLink sendLink, boolean multicast) {
        int index = link.index();
        receiveFd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_VRRP);
        try {
            Libc.bindToDevice(receiveFd, link.name());
            Libc.receiveTimeout(receiveFd, RECEIVE_TIMEOUT_MS);
            if (multicast) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment mreqn = arena.allocate(12);
                    MemorySegment.copy(VRRP_GROUP, 0, mreqn, JAVA_BYTE, 0, 4);
                    mreqn.set(JAVA_INT, 8, index);
                    Libc.setsockopt(receiveFd, Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn, "IP_ADD_MEMBERSHIP");
                }
            }
            sendFd = Libc.socket(Libc.AF_INET, Libc.SOCK_RAW, Libc.IPPROTO_RAW);
        } catch (RuntimeException e) {
            Libc.close(receiveFd);
            throw e;
        }
        try {
            Libc.bindToDevice(sendFd, sendLink.name());
            Libc.setsockoptInt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mreqn = arena.allocate(12);
                mreqn.set(JAVA_INT, 8, sendLink.index());
                Libc.setsockopt(sendFd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn, "IP_MULTICAST_IF");
            }
        } catch (RuntimeException e) {
            Libc.close(receiveFd);
            Libc.close(sendFd);
            throw e;
        }
    }

    @Override
    public void send(byte[] vrrpMessage, InetAddress source, InetAddress destination) {
        byte[] packet = new byte[20 + vrrpMessage.length];
        packet[0] = 0x45;
        packet[1] = (byte) 0xc0; // precedence "internetwork control", as routing protocols use
        int total = packet.length;
        packet[2] = (byte) (total >> 8);
        packet[3] = (byte) total;
        packet[6] = 0x40; // don't fragment
        packet[8] = (byte) 255; // RFC 5798 5.1.1.3: receivers drop anything else
        packet[9] = (byte) Libc.IPPROTO_VRRP;
        System.arraycopy(source.getAddress(), 0, packet, 12, 4);
        System.arraycopy(destination.getAddress(), 0, packet, 16, 4);
        System.arraycopy(vrrpMessage, 0, packet, 20, vrrpMessage.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(JAVA_BYTE, packet);
            Libc.sendto(sendFd, data, SocketAddresses.of(arena, destination, 0));
        }
    }

    @Override
    public Optional<ReceivedDatagram> receive() {
        if (closed) {
            return Optional.empty();
        }
        fromLength.set(JAVA_INT, 0, 16);
        long n = Libc.recvfrom(receiveFd, buffer, from, fromLength);
        if (n < 20) {
            return Optional.empty();
        }
        byte[] packet = buffer.asSlice(0, n).toArray(JAVA_BYTE);
        int headerLength = (packet[0] & 0x0f) * 4;
        if (headerLength < 20 || headerLength > n) {
            return Optional.empty();
        }
        try {
            InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(packet, 12, 16));
            InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(packet, 16, 20));
            int ttl = packet[8] & 0xff;
            return Optional.of(
                    new ReceivedDatagram(source, destination, ttl, Arrays.copyOfRange(packet, headerLength, (int) n)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean kernelChecksums() {
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(receiveFd);
            Libc.close(sendFd);
        }
    }
}
