package io.swarmedge.vip.packet;

/**
 * How a VRRPv3 advertisement over IPv4 is checksummed. RFC 5798 as keepalived reads it by default
 * includes the IPv4 pseudo-header; keepalived's {@code v3_checksum_as_v2} (and RFC 9568) leave it
 * out. IPv6 always includes its pseudo-header; VRRPv2 never has one.
 */
public enum ChecksumMode {
    PSEUDO_HEADER,
    MESSAGE_ONLY
}
