package io.swarmedge.lab;

import java.util.Locale;

/** Who holds the lab's floating IP. */
public enum Arrangement {
    /** swarmedge's own {@code vip} role, deployed from deploy/vip/stack.yml. */
    SWARMEDGE,
    /** keepalived in every node, configured like the seed's keepalived.conf. */
    KEEPALIVED;

    /** The name lab.sh uses ({@code swarmedge}, {@code keepalived}). */
    public String scriptName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
