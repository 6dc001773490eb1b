package io.swarmedge.vip.os;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Adds and removes interface addresses over rtnetlink ({@code RTM_NEWADDR}/{@code RTM_DELADDR}),
 * waiting for the kernel's acknowledgement of each request.
 */
public final class AddressEditor implements AutoCloseable {
    private static final short RTM_NEWADDR = 20;
    private static final short RTM_DELADDR = 21;
    private static final short IFA_ADDRESS = 1;
    private static final short IFA_LOCAL = 2;
    private static final short IFA_LABEL = 3;
    private static final short IFA_FLAGS = 8;
    private static final int IFA_F_NODAD = 0x02;

    private final RtNetlink netlink = new RtNetlink();

    /** Adds {@code address} to the interface; an address that is already there is fine. */
    public void add(int ifIndex, VirtualAddress address) {
        int errno = netlink.request(
                RTM_NEWADDR,
                (short) (RtNetlink.NLM_F_CREATE | RtNetlink.NLM_F_EXCL),
                body(ifIndex, address),
                address.toString());
        if (errno != 0 && errno != Libc.EEXIST) {
            throw new NativeException("RTM_NEWADDR", errno, address.toString());
        }
    }

    /** Removes {@code address}; an address that is not there is fine. */
    public void remove(int ifIndex, VirtualAddress address) {
        int errno = netlink.request(RTM_DELADDR, (short) 0, body(ifIndex, address), address.toString());
        if (errno != 0 && errno != Libc.EADDRNOTAVAIL && errno != Libc.ENODEV) {
            throw new NativeException("RTM_DELADDR", errno, address.toString());
        }
    }

    private static ByteBuffer body(int ifIndex, VirtualAddress address) {
        boolean v6 = address.address() instanceof Inet6Address;
        byte[] raw = address.address().getAddress();
        ByteBuffer b = RtNetlink.message();
        // ifaddrmsg
        b.put((byte) (v6 ? Libc.AF_INET6 : Libc.AF_INET));
        b.put((byte) address.prefixLength());
        b.put((byte) (v6 ? IFA_F_NODAD : 0));
        b.put((byte) address.scope());
        b.putInt(ifIndex);
        RtNetlink.attribute(b, IFA_LOCAL, raw);
        RtNetlink.attribute(b, IFA_ADDRESS, raw);
        if (v6) {
            // A virtual address must answer at once: duplicate detection would delay failover by a second.
            RtNetlink.attribute(b, IFA_FLAGS, RtNetlink.u32(IFA_F_NODAD));
        }
        address.label()
                .ifPresent(
                        label -> RtNetlink.attribute(b, IFA_LABEL, (label + "\0").getBytes(StandardCharsets.US_ASCII)));
        return b;
    }

    @Override
    public void close() {
        netlink.close();
    }
}
