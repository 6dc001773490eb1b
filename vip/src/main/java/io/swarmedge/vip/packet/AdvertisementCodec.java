package io.swarmedge.vip.packet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Encodes and decodes VRRPv2 and VRRPv3 advertisements, including their checksums. The IP
 * addresses are needed for the VRRPv3 pseudo-header.
 */
public final class AdvertisementCodec {
    private static final int PROTOCOL = 112;
    private static final int AUTH_NONE = 0;
    private static final int AUTH_PASS = 1;

    private AdvertisementCodec() {}

    /** The VRRP message (no IP header) for {@code adv} sent from {@code source} to {@code destination}. */
    public static byte[] encode(Advertisement adv, InetAddress source, InetAddress destination, ChecksumMode mode) {
        boolean v6 = source instanceof Inet6Address;
        int addressLength = v6 ? 16 : 4;
        int length = 8 + adv.addresses().size() * addressLength + (adv.version() == VrrpVersion.V2 ? 8 : 0);
        byte[] m = new byte[length];
        m[0] = (byte) ((adv.version().number() << 4) | 1);
        m[1] = (byte) adv.vrid();
        m[2] = (byte) adv.priority();
        m[3] = (byte) adv.addresses().size();
        if (adv.version() == VrrpVersion.V2) {
            m[4] = (byte) (adv.password().isPresent() ? AUTH_PASS : AUTH_NONE);
            m[5] = (byte) (adv.intervalCentis() / 100);
        } else {
            m[4] = (byte) ((adv.intervalCentis() >> 8) & 0x0f);
            m[5] = (byte) adv.intervalCentis();
        }
        int offset = 8;
        for (InetAddress a : adv.addresses()) {
            byte[] raw = a.getAddress();
            if (raw.length != addressLength) {
                throw new IllegalArgumentException("address " + a.getHostAddress() + " does not match the IP family");
            }
            System.arraycopy(raw, 0, m, offset, addressLength);
            offset += addressLength;
        }
        if (adv.version() == VrrpVersion.V2 && adv.password().isPresent()) {
            byte[] pass = adv.password().get().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(pass, 0, m, offset, Math.min(8, pass.length));
        }
        int sum = checksum(m, adv.version(), source, destination, mode);
        m[6] = (byte) (sum >> 8);
        m[7] = (byte) sum;
        return m;
    }

    /**
     * Decodes and verifies a received message. VRRPv3 over IPv4 accepts either checksum style, as
     * peers disagree; {@code verifyChecksum} is false where the kernel already verified it (IPv6).
     */
    public static Advertisement decode(byte[] m, InetAddress source, InetAddress destination, boolean verifyChecksum)
            throws MalformedAdvertisementException {
        if (m.length < 8) {
            throw new MalformedAdvertisementException("message of " + m.length + " bytes is shorter than 8");
        }
        int versionNumber = (m[0] & 0xff) >> 4;
        int type = m[0] & 0x0f;
        if (versionNumber != 2 && versionNumber != 3) {
            throw new MalformedAdvertisementException("unknown VRRP version " + versionNumber);
        }
        if (type != 1) {
            throw new MalformedAdvertisementException("unknown VRRP packet type " + type);
        }
        VrrpVersion version = VrrpVersion.of(versionNumber);
        boolean v6 = source instanceof Inet6Address;
        if (v6 && version == VrrpVersion.V2) {
            throw new MalformedAdvertisementException("VRRPv2 over IPv6");
        }
        int count = m[3] & 0xff;
        int addressLength = v6 ? 16 : 4;
        int expected = 8 + count * addressLength + (version == VrrpVersion.V2 ? 8 : 0);
        if (m.length < expected) {
            throw new MalformedAdvertisementException("message of " + m.length + " bytes is shorter than its " + count
                    + " addresses need (" + expected + ")");
        }
        byte[] message = m.length == expected ? m : Arrays.copyOf(m, expected);
        if (verifyChecksum) {
            boolean ok = checksum(message, version, source, destination, ChecksumMode.PSEUDO_HEADER) == 0
                    || (version == VrrpVersion.V3
                            && !v6
                            && checksum(message, version, source, destination, ChecksumMode.MESSAGE_ONLY) == 0);
            if (!ok) {
                throw new MalformedAdvertisementException("bad VRRPv" + versionNumber + " checksum");
            }
        }
        int interval;
        Optional<String> password = Optional.empty();
        if (version == VrrpVersion.V2) {
            int authType = m[4] & 0xff;
            interval = (m[5] & 0xff) * 100;
            if (authType == AUTH_PASS) {
                byte[] raw = Arrays.copyOfRange(message, 8 + count * 4, 16 + count * 4);
                int end = 0;
                while (end < 8 && raw[end] != 0) {
                    end++;
                }
                password = Optional.of(new String(raw, 0, end, StandardCharsets.US_ASCII));
            } else if (authType != AUTH_NONE) {
                throw new MalformedAdvertisementException("unsupported VRRPv2 authentication type " + authType);
            }
            if (interval == 0) {
                throw new MalformedAdvertisementException("advertisement interval 0");
            }
        } else {
            interval = ((m[4] & 0x0f) << 8) | (m[5] & 0xff);
            if (interval == 0) {
                throw new MalformedAdvertisementException("advertisement interval 0");
            }
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                addresses.add(InetAddress.getByAddress(
                        Arrays.copyOfRange(message, 8 + i * addressLength, 8 + (i + 1) * addressLength)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        int vrid = m[1] & 0xff;
        if (vrid == 0) {
            throw new MalformedAdvertisementException("virtual router id 0");
        }
        return new Advertisement(version, vrid, m[2] & 0xff, interval, addresses, password);
    }

    /** The checksum of {@code m} with its checksum field treated as stored (0 when encoding). */
    static int checksum(byte[] m, VrrpVersion version, InetAddress source, InetAddress destination, ChecksumMode mode) {
        boolean pseudo =
                version == VrrpVersion.V3 && (source instanceof Inet6Address || mode == ChecksumMode.PSEUDO_HEADER);
        if (!pseudo) {
            return InternetChecksum.compute(m, 0, m.length);
        }
        byte[] buffer;
        if (source instanceof Inet4Address) {
            buffer = new byte[12 + m.length];
            System.arraycopy(source.getAddress(), 0, buffer, 0, 4);
            System.arraycopy(destination.getAddress(), 0, buffer, 4, 4);
            buffer[9] = PROTOCOL;
            buffer[10] = (byte) (m.length >> 8);
            buffer[11] = (byte) m.length;
            System.arraycopy(m, 0, buffer, 12, m.length);
        } else {
            buffer = new byte[40 + m.length];
            System.arraycopy(source.getAddress(), 0, buffer, 0, 16);
            System.arraycopy(destination.getAddress(), 0, buffer, 16, 16);
            buffer[34] = (byte) (m.length >> 8);
            buffer[35] = (byte) m.length;
            buffer[39] = PROTOCOL;
            System.arraycopy(m, 0, buffer, 40, m.length);
        }
        return InternetChecksum.compute(buffer, 0, buffer.length);
    }
}
