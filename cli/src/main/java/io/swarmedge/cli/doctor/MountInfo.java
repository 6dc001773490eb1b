package io.swarmedge.cli.doctor;

import java.util.Map;

/**
 * A mount of a service's containers.
 *
 * @param type {@code volume}, {@code bind}, {@code tmpfs}, …
 * @param source volume name or host path
 * @param target path inside the container
 * @param driver the volume driver ("" for the default, {@code local})
 * @param driverOptions the volume driver's options ({@code type=nfs}, {@code o=addr=…}, {@code device=…})
 */
public record MountInfo(
        String type, String source, String target, boolean readOnly, String driver, Map<String, String> driverOptions) {
    public MountInfo {
        driverOptions = Map.copyOf(driverOptions);
    }

    /** A named volume the local driver mounts over NFS ({@code type: nfs} or {@code nfs4}, or {@code o=addr=…}). */
    public boolean isNfs() {
        String fsType = driverOptions.getOrDefault("type", "");
        return "volume".equals(type)
                && (fsType.startsWith("nfs")
                        || driver.toLowerCase(java.util.Locale.ROOT).contains("nfs"));
    }

    /** The NFS server and export, as far as the options say ({@code nfs.example:/export}). */
    public String nfsExport() {
        String addr = "";
        for (String option : driverOptions.getOrDefault("o", "").split(",")) {
            if (option.startsWith("addr=")) {
                addr = option.substring("addr=".length());
            }
        }
        String device = driverOptions.getOrDefault("device", "");
        return device.startsWith(":") ? addr + device : device.isEmpty() ? addr : device;
    }
}
