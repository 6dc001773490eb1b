package io.swarmedge.vip.os;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Creates, raises and deletes the macvlan interface that carries the VRRP virtual MAC
 * (keepalived's {@code use_vmac}), over rtnetlink.
 */
public final class LinkEditor implements AutoCloseable {
    private static final short RTM_NEWLINK = 16;
    private static final short RTM_DELLINK = 17;
    private static final short IFLA_ADDRESS = 1;
    private static final short IFLA_IFNAME = 3;
    private static final short IFLA_LINK = 5;
    private static final short IFLA_LINKINFO = 18;
    private static final short IFLA_INFO_KIND = 1;
    private static final short IFLA_INFO_DATA = 2;
    private static final short IFLA_MACVLAN_MODE = 1;
    private static final int MACVLAN_MODE_PRIVATE = 1;
    private static final int IFF_UP = 1;

    private final RtNetlink netlink = new RtNetlink();

    /** The VRRP virtual MAC of RFC 5798 §7.3: 00-00-5E-00-01-{VRID} (IPv4). */
    public static byte[] virtualMac(int vrid) {
        return new byte[] {0, 0, 0x5e, 0, 1, (byte) vrid};
    }

    /** Creates a private-mode macvlan {@code name} on {@code parentIndex} with {@code mac}. */
    public void createMacvlan(String name, int parentIndex, byte[] mac) {
        ByteBuffer b = ifinfo(0, 0, 0);
        RtNetlink.attribute(b, IFLA_IFNAME, (name + "\0").getBytes(StandardCharsets.US_ASCII));
        RtNetlink.attribute(b, IFLA_LINK, RtNetlink.u32(parentIndex));
        RtNetlink.attribute(b, IFLA_ADDRESS, mac);
        int info = RtNetlink.begin(b, IFLA_LINKINFO);
        RtNetlink.attribute(b, IFLA_INFO_KIND, "macvlan".getBytes(StandardCharsets.US_ASCII));
        int data = RtNetlink.begin(b, IFLA_INFO_DATA);
        RtNetlink.attribute(b, IFLA_MACVLAN_MODE, RtNetlink.u32(MACVLAN_MODE_PRIVATE));
        RtNetlink.end(b, data);
        RtNetlink.end(b, info);
        int errno = netlink.request(RTM_NEWLINK, (short) (RtNetlink.NLM_F_CREATE | RtNetlink.NLM_F_EXCL), b, name);
        if (errno != 0) {
            throw new NativeException("RTM_NEWLINK (macvlan " + name + ")", errno);
        }
    }

    /** Sets the interface administratively up. */
    public void up(int index) {
        int errno = netlink.request(RTM_NEWLINK, (short) 0, ifinfo(index, IFF_UP, IFF_UP), "link up");
        if (errno != 0) {
            throw new NativeException("RTM_NEWLINK (up)", errno);
        }
    }

    /** Deletes the interface; one that is already gone is fine. */
    public void delete(int index) {
        int errno = netlink.request(RTM_DELLINK, (short) 0, ifinfo(index, 0, 0), "link delete");
        if (errno != 0 && errno != Libc.ENODEV) {
            throw new NativeException("RTM_DELLINK", errno);
        }
    }

    private static ByteBuffer ifinfo(int index, int flags, int change) {
        ByteBuffer b = RtNetlink.message();
        b.put((byte) 0); // AF_UNSPEC
        b.put((byte) 0);
        b.putShort((short) 0); // device type
        b.putInt(index);
        b.putInt(flags);
        b.putInt(change);
        return b;
    }

    @Override
    public void close() {
        netlink.close();
    }
}
