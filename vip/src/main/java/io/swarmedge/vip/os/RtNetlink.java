package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

/** An rtnetlink socket that sends one request at a time and waits for the kernel's acknowledgement. */
final class RtNetlink implements AutoCloseable {
    static final short NLM_F_REQUEST = 1;
    static final short NLM_F_ACK = 4;
    static final short NLM_F_EXCL = 0x200;
    static final short NLM_F_CREATE = 0x400;
    private static final int NETLINK_ROUTE = 0;
    private static final short NLMSG_ERROR = 2;

    private final int fd;
    private final AtomicInteger sequence = new AtomicInteger(1);
    private final MemorySegment reply = Arena.global().allocate(8192);

    RtNetlink() {
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

    /** A buffer in native byte order with room for the 16-byte header, positioned after it. */
    static ByteBuffer message() {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        b.position(16);
        return b;
    }

    /** Appends one attribute, padded to 4 bytes. */
    static void attribute(ByteBuffer b, short type, byte[] value) {
        b.putShort((short) (4 + value.length));
        b.putShort(type);
        b.put(value);
        pad(b);
    }

    /** Starts a nested attribute; {@link #end} patches its length. */
    static int begin(ByteBuffer b, short type) {
        int start = b.position();
        b.putShort((short) 0);
        b.putShort(type);
        return start;
    }

    static void end(ByteBuffer b, int start) {
        b.putShort(start, (short) (b.position() - start));
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.nativeOrder())
                .putInt(value)
                .array();
    }

    private static void pad(ByteBuffer b) {
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
    }

    /** Sends the message (header filled in here) and returns the kernel's errno, 0 on success. */
    synchronized int request(short type, short flags, ByteBuffer b, String what) {
        int seq = sequence.getAndIncrement();
        int length = b.position();
        b.putInt(0, length);
        b.putShort(4, type);
        b.putShort(6, (short) (NLM_F_REQUEST | NLM_F_ACK | flags));
        b.putInt(8, seq);
        b.putInt(12, 0);
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
                throw new IllegalStateException("netlink: no acknowledgement for " + what + " within 2 s");
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

    @Override
    public void close() {
        Libc.close(fd);
    }
}
