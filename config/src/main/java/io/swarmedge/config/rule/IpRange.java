package io.swarmedge.config.rule;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address or CIDR range (IPv4 or IPv6), as Traefik's {@code ClientIP} matcher and {@code
 * forwardedHeaders.trustedIPs} take them. Parsed without any name lookup. IPv4-mapped IPv6 client
 * addresses ({@code ::ffff:10.0.0.1}) match IPv4 ranges, as in Go.
 *
 * @param network the network's bytes (4 or 16), host bits cleared
 * @param prefixLength the number of leading bits that must match
 */
public record IpRange(byte[] network, int prefixLength) {
    public IpRange {
        network = network.clone();
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /**
     * Parses {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}.
     *
     * @return empty when the text is not an IP address or CIDR range
     */
    public static Optional<IpRange> parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> bytes = parseAddress(address);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = bytes.get();
        int bits = b.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new IpRange(mask(b, prefix), prefix));
    }

    /** Whether the address lies in this range. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether the raw address (4 or 16 bytes) lies in this range. */
    public boolean contains(byte[] address) {
        byte[] a = address;
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int k = 0; k < full; k++) {
            if (a[k] != network[k]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (network[full] & 0xFF);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int k = 0; k < 10; k++) {
            if (a[k] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    private static byte[] mask(byte[] b, int prefix) {
        byte[] r = b.clone();
        for (int bit = prefix; bit < r.length * 8; bit++) {
            r[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return r;
    }

    /** Parses an IP literal strictly (dotted quad without leading zeros, or IPv6 without zone). */
    static Optional<byte[]> parseAddress(String s) {
        if (s.isEmpty() || s.length() > 45 || s.indexOf('%') >= 0) {
            return Optional.empty();
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s);
        }
        if (!s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128)) {
            return Optional.empty();
        }
        try {
            InetAddress a = Inet6Address.ofLiteral(s);
            byte[] b = a.getAddress();
            // Java folds ::ffff:a.b.c.d to an IPv4 address; Go keeps it comparable with IPv4 ranges too
            return Optional.of(a instanceof Inet4Address ? mapped(b) : b);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] r = new byte[16];
        r[10] = (byte) 0xFF;
        r[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, r, 12, 4);
        return r;
    }

    private static Optional<byte[]> parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int k = 0; k < 4; k++) {
            String p = parts[k];
            if (p.isEmpty()
                    || p.length() > 3
                    || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            b[k] = (byte) v;
        }
        return Optional.of(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
