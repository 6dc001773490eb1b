package io.swarmedge.vip.os;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/** Builds and reads {@code sockaddr_in}/{@code sockaddr_in6} structures. */
final class SocketAddresses {
    private SocketAddresses() {}

    static MemorySegment of(Arena arena, InetAddress address, int scopeId) {
        return switch (address) {
            case Inet4Address v4 -> {
                MemorySegment s = arena.allocate(16);
                s.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
                MemorySegment.copy(v4.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 4, 4);
                yield s;
            }
            case Inet6Address v6 -> {
                MemorySegment s = arena.allocate(28);
                s.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
                MemorySegment.copy(v6.getAddress(), 0, s, ValueLayout.JAVA_BYTE, 8, 16);
                s.set(JAVA_INT, 24, scopeId);
                yield s;
            }
            default -> throw new IllegalArgumentException("unsupported address " + address);
        };
    }

    static InetAddress read(MemorySegment s) {
        int family = s.get(JAVA_SHORT, 0);
        try {
            if (family == Libc.AF_INET6) {
                return InetAddress.getByAddress(s.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE));
            }
            return InetAddress.getByAddress(s.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static short htons(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes((short) value) : (short) value;
    }
}
