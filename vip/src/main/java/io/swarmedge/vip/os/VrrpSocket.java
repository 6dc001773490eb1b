package io.swarmedge.vip.os;

import java.net.InetAddress;
import java.util.Optional;

/** A raw socket for VRRP (IP protocol 112) bound to one interface. */
public sealed interface VrrpSocket extends AutoCloseable permits Ipv4VrrpSocket, Ipv6VrrpSocket {
    /** Sends one VRRP message; {@code source} is the address the message is sent from. */
    void send(byte[] vrrpMessage, InetAddress source, InetAddress destination);

    /** Waits up to the socket's receive timeout for one datagram. */
    Optional<ReceivedDatagram> receive();

    /** Whether the kernel computes and verifies checksums itself (IPv6). */
    boolean kernelChecksums();

    @Override
    void close();

    /**
     * Opens the socket for {@code family} on {@code link}; joins the VRRP group unless unicast.
     * {@code unicastSource} pins the IPv6 source (IPv4 writes its own header): without it the
     * kernel could pick a virtual address once we hold one, and peers would not recognise us.
     */
    static VrrpSocket open(
            NetworkLink link, boolean ipv6, boolean multicast, java.util.Optional<InetAddress> unicastSource) {
        return open(link, link, ipv6, multicast, unicastSource);
    }

    /** As above, but sending through {@code sendLink} (the virtual-MAC interface) for IPv4. */
    static VrrpSocket open(
            NetworkLink link,
            NetworkLink sendLink,
            boolean ipv6,
            boolean multicast,
            java.util.Optional<InetAddress> unicastSource) {
        return ipv6
                ? new Ipv6VrrpSocket(link, multicast, unicastSource)
                : new Ipv4VrrpSocket(link, sendLink, multicast);
    }
}
