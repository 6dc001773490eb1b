package io.swarmedge.docker;

/** How a service's name resolves: one virtual IP (needs IPVS) or DNS round-robin over task IPs. */
public enum EndpointMode {
    VIP,
    DNSRR;

    /** Parses the engine's {@code "vip"} / {@code "dnsrr"}; Swarm's default is {@code vip}. */
    public static EndpointMode parse(String value) {
        return "dnsrr".equalsIgnoreCase(value) ? DNSRR : VIP;
    }
}
