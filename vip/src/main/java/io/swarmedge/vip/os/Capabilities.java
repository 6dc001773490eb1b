package io.swarmedge.vip.os;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks the effective capabilities {@code vip} needs before it touches a socket. */
public final class Capabilities {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;

    private Capabilities() {}

    /** Throws with a message saying which capability is missing and how to grant it. */
    public static void requireNetworkAdmin() {
        BigInteger effective;
        try {
            effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .map(line -> new BigInteger(line.substring(7).trim(), 16))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no CapEff line in /proc/self/status"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status to check capabilities: " + e.getMessage());
        }
        List<String> missing = new ArrayList<>();
        if (!effective.testBit(CAP_NET_ADMIN)) {
            missing.add("CAP_NET_ADMIN (add/remove the virtual addresses)");
        }
        if (!effective.testBit(CAP_NET_RAW)) {
            missing.add("CAP_NET_RAW (VRRP raw sockets, gratuitous ARP)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("vip needs " + String.join(" and ", missing)
                    + ": run as root, or with cap_add: [NET_ADMIN, NET_RAW] in a Swarm service"
                    + " (network_mode: host), or setcap cap_net_admin,cap_net_raw+ep on the java binary");
        }
    }
}
