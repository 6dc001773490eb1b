package io.swarmedge.whoami;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** What the {@code Hostname:} and {@code IP:} lines report; read once at start. */
record HostIdentity(String name, List<String> ips) {

    HostIdentity {
        ips = List.copyOf(ips);
    }

    static HostIdentity discover(String configuredName) {
        String name = configuredName.isEmpty() ? hostName() : configuredName;
        return new HostIdentity(name, interfaceAddresses());
    }

    private static String hostName() {
        // The kernel's host name avoids the DNS lookup InetAddress.getLocalHost() may block on.
        try {
            String kernel =
                    Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static List<String> interfaceAddresses() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(HostIdentity::isUp)
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
                    .flatMap(NetworkInterface::inetAddresses)
                    .map(HostIdentity::withoutScope)
                    .toList();
        } catch (SocketException e) {
            return List.of();
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    /** RFC 5952 text ({@code fe80::1}, not {@code fe80:0:0:0:0:0:0:1}) without the {@code %scope}. */
    static String withoutScope(InetAddress address) {
        return NetUtil.toAddressString(address);
    }
}
