package io.swarmedge.docker;

import java.util.Objects;

/**
 * A service's virtual IP on one network (endpoint mode {@code vip}).
 *
 * @param networkId the network's ID
 * @param networkName the network's name ("" when the network was not in the same read)
 * @param address the IP address, without the prefix length
 */
public record VirtualIp(String networkId, String networkName, String address) {
    public VirtualIp {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(address, "address");
    }
}
