package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Adds and removes interface addresses over rtnetlink ({@code RTM_NEWADDR}/{@code RTM_DELADDR}),
 * waiting for the kernel's acknowledgement of each request.
 */
public final class AddressEditor implements AutoCloseable {
    private static final int NETLINK_ROUTE = 0;
    private static final short RTM_NEWADDR = 20;
    private static final short RTM_DELADDR = 21;
    private static final short NLMSG_ERROR = 2;
    private static final short NLM_F_REQUEST = 1;
    private static final short NLM_F_ACK = 4;
    private static final short NLM_F_EXCL = 0x200;
    private static final short NLM_F_CREATE = 0x400;
    private static final short IFA_ADDRESS = 1;
    private static final short IFA_LOCAL = 2;
    private static final short IFA_LABEL = 3;
    private static final short IFA_FLAGS = 8;
    private static final int IFA_F_NODAD = 0x02;

    private final int fd;
    private final AtomicInteger sequence = new AtomicInteger(1);
    private final MemorySegment reply = Arena.global().allocate(8192);

    public AddressEditor() {
        fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW, NETLINK_ROUTE);
        try {
            Libc.receiveTimeout(fd, 2000);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment nl = arena.allocate(12);
                nl.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
                Libc.bind(fd, nl);
            }
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** Adds {@code address} to the interface; an address that is already there is fine. */
    public synchronized void add(int ifIndex, VirtualAddress address) {
        int errno = request(RTM_NEWADDR, (short) (NLM_F_CREATE | NLM_F_EXCL), ifIndex, address);
        if (errno != 0 && errno != Libc.EEXIST) {
            throw new NativeException("RTM_NEWADDR", errno, address.toString());
        }
    }

    /** Removes {@code address}; an address that is not there is fine. */
    public synchronized void remove(int ifIndex, VirtualAddress address) {
        int errno = request(RTM_DELADDR, (short) 0, ifIndex, address);
        if (errno != 0 && errno != Libc.EADDRNOTAVAIL && errno != Libc.ENODEV) {
            throw new NativeException("RTM_DELADDR", errno, address.toString());
        }
    }

    private int request(short type, short flags, int ifIndex, VirtualAddress address) {
        boolean v6 = address.address() instanceof Inet6Address;
        byte[] raw = address.address().getAddress();
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        int seq = sequence.getAndIncrement();
        b.putInt(0); // length, patched below
        b.putShort(type);
        b.putShort((short) (NLM_F_REQUEST | NLM_F_ACK | flags));
        b.putInt(seq);
        b.putInt(0);
        // ifaddrmsg
        b.put((byte) (v6 ? Libc.AF_INET6 : Libc.AF_INET));
        b.put((byte) address.prefixLength());
        b.put((byte) (v6 ? IFA_F_NODAD : 0));
        b.put((byte) address.scope());
        b.putInt(ifIndex);
        attribute(b, IFA_LOCAL, raw);
        attribute(b, IFA_ADDRESS, raw);
        if (v6) {
            // A virtual address must answer at once: duplicate detection would delay failover by a second.
            attribute(
                    b,
                    IFA_FLAGS,
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.nativeOrder())
                            .putInt(IFA_F_NODAD)
                            .array());
        }
        address.label().ifPresent(label -> {
            byte[] text = (label + "\0").getBytes(StandardCharsets.US_ASCII);
            attribute(b, IFA_LABEL, text);
        });
        int length = b.position();
        b.putInt(0, length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment message = arena.allocate(length);
            MemorySegment.copy(b.array(), 0, message, JAVA_BYTE, 0, length);
            MemorySegment kernel = arena.allocate(12);
            kernel.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            Libc.sendto(fd, message, kernel);
        }
        while (true) {
            long n = Libc.recv(fd, reply);
            if (n < 0) {
                throw new IllegalStateException("netlink: no acknowledgement for " + address + " within 2 s");
            }
            long offset = 0;
            while (offset + 16 <= n) {
                int msgLength = reply.get(JAVA_INT, offset);
                short msgType = reply.get(JAVA_SHORT, offset + 4);
                int msgSeq = reply.get(JAVA_INT, offset + 8);
                if (msgType == NLMSG_ERROR && msgSeq == seq) {
                    return -reply.get(JAVA_INT, offset + 16);
                }
                if (msgLength < 16) {
                    break;
                }
                offset += (msgLength + 3) & ~3;
            }
        }
    }

    private static void attribute(ByteBuffer b, short type, byte[] value) {
        b.putShort((short) (4 + value.length));
        b.putShort(type);
        b.put(value);
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
