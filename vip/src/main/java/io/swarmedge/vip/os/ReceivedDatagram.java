package io.swarmedge.vip.os;

import java.net.InetAddress;

/** One protocol-112 datagram as the kernel delivered it: addresses, TTL/hop limit and payload. */
public record ReceivedDatagram(InetAddress source, InetAddress destination, int ttl, byte[] payload) {}
