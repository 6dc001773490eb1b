package io.swarmedge.vip.packet;

/** VRRP version 2 (RFC 3768, IPv4 only, whole seconds) or 3 (RFC 5798, centiseconds). */
public enum VrrpVersion {
    V2(2),
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static VrrpVersion of(int number) {
        return switch (number) {
            case 2 -> V2;
            case 3 -> V3;
            default -> throw new IllegalArgumentException("VRRP version must be 2 or 3, not " + number);
        };
    }
}
