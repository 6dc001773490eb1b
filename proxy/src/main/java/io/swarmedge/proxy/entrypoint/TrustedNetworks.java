package io.swarmedge.proxy.entrypoint;

import io.swarmedge.config.rule.IpRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peers whose {@code X-Forwarded-*} headers an entrypoint keeps ({@code forwardedHeaders}):
 * everyone when {@code insecure}, else addresses inside {@code trustedIPs}. Decided once per
 * connection.
 */
public final class TrustedNetworks {
    private final boolean everyone;
    private final List<IpRange> ranges;

    private TrustedNetworks(boolean everyone, List<IpRange> ranges) {
        this.everyone = everyone;
        this.ranges = List.copyOf(ranges);
    }

    /**
     * From the entrypoint's settings.
     *
     * @throws IllegalArgumentException naming an entry that is neither an address nor a CIDR range
     */
    public static TrustedNetworks of(List<String> trustedIps, boolean insecure) {
        List<IpRange> ranges = new ArrayList<>();
        for (String text : trustedIps) {
            Optional<IpRange> range = IpRange.parse(text.trim());
            if (range.isEmpty()) {
                throw new IllegalArgumentException(
                        "forwardedHeaders.trustedIPs: \"" + text + "\" is not an IP or CIDR");
            }
            ranges.add(range.get());
        }
        return new TrustedNetworks(insecure, ranges);
    }

    /** Whether {@code address} may set forwarded headers. */
    public boolean trusts(InetAddress address) {
        if (everyone) {
            return true;
        }
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
