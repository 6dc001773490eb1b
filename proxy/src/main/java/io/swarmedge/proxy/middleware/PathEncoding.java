package io.swarmedge.proxy.middleware;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of request paths (RFC 3986 {@code path} characters). */
final class PathEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathEncoding() {}

    /** Encodes a decoded path (e.g. a configured prefix): every byte that is not a path char, '%' included. */
    static String encode(String decoded) {
        if (allPathChars(decoded, false)) {
            return decoded;
        }
        StringBuilder out = new StringBuilder(decoded.length() + 16);
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            appendByte(out, b & 0xFF);
        }
        return out.toString();
    }

    /**
     * Makes an already encoded path valid: valid {@code %XX} escapes are kept, any other byte that is
     * not a path char is escaped (a regex replacement may produce spaces or a bare '%').
     */
    static String sanitizeEncoded(String raw) {
        if (allPathChars(raw, true)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && DecodedPath.escapedByte(raw, i) >= 0) {
                out.append(raw, i, i + 3);
                i += 2;
            } else if (c <= 0xFF) {
                appendByte(out, c);
            } else {
                int cp = raw.codePointAt(i);
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    appendByte(out, b & 0xFF);
                }
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString();
    }

    /** True when every {@code %} starts a valid escape. */
    static boolean hasValidEscapes(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (DecodedPath.escapedByte(raw, i) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allPathChars(String s, boolean escapesAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (!escapesAllowed || DecodedPath.escapedByte(s, i) < 0) {
                    return false;
                }
            } else if (!isPathChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static void appendByte(StringBuilder out, int b) {
        if (b < 0x80 && isPathChar((char) b)) {
            out.append((char) b);
        } else {
            out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
        }
    }

    /** unreserved / sub-delims / ':' / '@' / '/' */
    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
