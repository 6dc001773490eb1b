package io.swarmedge.vip.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes kernel settings under /proc/sys and puts the previous values back on close. */
public final class Sysctl implements AutoCloseable {
    private final Map<Path, String> previous = new LinkedHashMap<>();

    /** Sets e.g. {@code net/ipv4/conf/eth0/arp_ignore} to {@code value}. */
    public void set(String key, String value) {
        Path file = Path.of("/proc/sys", key);
        try {
            previous.putIfAbsent(file, Files.readString(file).trim());
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot set " + key.replace('/', '.') + "=" + value + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        previous.forEach((file, value) -> {
            try {
                if (Files.exists(file)) {
                    Files.writeString(file, value);
                }
            } catch (IOException ignored) {
                // best effort: the interface may be gone
            }
        });
        previous.clear();
    }
}
