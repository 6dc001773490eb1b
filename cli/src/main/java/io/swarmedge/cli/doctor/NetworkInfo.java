package io.swarmedge.cli.doctor;

import java.util.Map;

/** A network as {@code /networks} describes it. */
public record NetworkInfo(
        String id,
        String name,
        String driver,
        String scope,
        boolean attachable,
        boolean internal,
        boolean ingress,
        Map<String, String> options) {
    public NetworkInfo {
        options = Map.copyOf(options);
    }

    /** {@code --opt encrypted}: IPsec between nodes for its VXLAN traffic. */
    public boolean encrypted() {
        return options.containsKey("encrypted");
    }
}
