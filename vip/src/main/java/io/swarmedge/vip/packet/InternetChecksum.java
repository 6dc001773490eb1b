package io.swarmedge.vip.packet;

/** The 16-bit one's complement checksum of RFC 1071. */
public final class InternetChecksum {
    private InternetChecksum() {}

    /** The checksum of {@code length} bytes; a buffer whose checksum field is right sums to 0. */
    public static int compute(byte[] data, int offset, int length) {
        long sum = 0;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
