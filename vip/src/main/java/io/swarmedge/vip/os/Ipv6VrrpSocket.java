package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * VRRPv3 over IPv6. The kernel computes and verifies the checksum ({@code IPV6_CHECKSUM} at offset
 * 6, pseudo-header included) and reports each packet's hop limit through {@code recvmsg}.
 */
public final class Ipv6VrrpSocket implements VrrpSocket {
    static final byte[] VRRP_GROUP = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12};
    private static final int RECEIVE_TIMEOUT_MS = 200;

    private final int fd;
    private final int index;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(65536);
    private final MemorySegment from = arena.allocate(28);
    private final MemorySegment control = arena.allocate(256, 8);
    private final MemorySegment iov = arena.allocate(16, 8);
    private final MemorySegment msghdr = arena.allocate(56, 8);
    private volatile boolean closed;

    Ipv6VrrpSocket(NetworkLink link, boolean multicast, Optional<InetAddress> unicastSource) {
        index = link.index();
        fd = Libc.socket(Libc.AF_INET6, Libc.SOCK_RAW, Libc.IPPROTO_VRRP);
        try {
            Libc.bindToDevice(fd, link.name());
            Libc.receiveTimeout(fd, RECEIVE_TIMEOUT_MS);
            Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_CHECKSUM, 6, "IPV6_CHECKSUM");
            Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
            Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
            Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            Libc.setsockoptInt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF, index, "IPV6_MULTICAST_IF");
            if (multicast) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment mreq = a.allocate(20);
                    MemorySegment.copy(VRRP_GROUP, 0, mreq, JAVA_BYTE, 0, 16);
                    mreq.set(JAVA_INT, 16, index);
                    Libc.setsockopt(fd, Libc.IPPROTO_IPV6, Libc.IPV6_ADD_MEMBERSHIP, mreq, "IPV6_ADD_MEMBERSHIP");
                }
            }
            if (unicastSource.isPresent()) {
                try (Arena a = Arena.ofConfined()) {
                    Libc.bind(fd, SocketAddresses.of(a, unicastSource.get(), 0));
                }
            }
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        iov.set(ADDRESS, 0, buffer);
        iov.set(JAVA_LONG, 8, buffer.byteSize());
    }

    @Override
    public void send(byte[] vrrpMessage, InetAddress source, InetAddress destination) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocateFrom(JAVA_BYTE, vrrpMessage);
            Libc.sendto(fd, data, SocketAddresses.of(a, destination, index));
        }
    }

    @Override
    public Optional<ReceivedDatagram> receive() {
        if (closed) {
            return Optional.empty();
        }
        msghdr.fill((byte) 0);
        msghdr.set(ADDRESS, 0, from);
        msghdr.set(JAVA_INT, 8, 28);
        msghdr.set(ADDRESS, 16, iov);
        msghdr.set(JAVA_LONG, 24, 1);
        msghdr.set(ADDRESS, 32, control);
        msghdr.set(JAVA_LONG, 40, control.byteSize());
        long n = Libc.recvmsg(fd, msghdr);
        if (n < 0) {
            return Optional.empty();
        }
        int hopLimit = -1;
        long controlLength = msghdr.get(JAVA_LONG, 40);
        long offset = 0;
        while (offset + 16 <= controlLength) {
            long length = control.get(JAVA_LONG, offset);
            int level = control.get(JAVA_INT, offset + 8);
            int type = control.get(JAVA_INT, offset + 12);
            if (length < 16) {
                break;
            }
            if (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_HOPLIMIT) {
                hopLimit = control.get(JAVA_INT, offset + 16);
            }
            offset += (length + 7) & ~7L;
        }
        try {
            InetAddress source = SocketAddresses.read(from);
            InetAddress destination = InetAddress.getByAddress(VRRP_GROUP);
            return Optional.of(new ReceivedDatagram(
                    source, destination, hopLimit, buffer.asSlice(0, n).toArray(JAVA_BYTE)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean kernelChecksums() {
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
