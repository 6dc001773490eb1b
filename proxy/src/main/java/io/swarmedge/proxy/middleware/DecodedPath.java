package io.swarmedge.proxy.middleware;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request path decoded once, with the way back to the encoded form: prefixes are matched on the
 * decoded path (as routing rules see it) and stripped from the encoded path at the same place, so
 * {@code %2F} and friends survive a strip untouched.
 *
 * <p>Netty hands the request line over byte for byte (one char per byte), so an unencoded non-ASCII
 * byte counts as one byte; decoded bytes are read as UTF-8, or as ISO-8859-1 when they are not
 * valid UTF-8 (Go keeps such bytes as they are).
 */
final class DecodedPath {
    private final String raw;
    private final String decoded;
    private final Charset charset;
    private final boolean identity;

    private DecodedPath(String raw, String decoded, Charset charset, boolean identity) {
        this.raw = raw;
        this.decoded = decoded;
        this.charset = charset;
        this.identity = identity;
    }

    static DecodedPath of(String raw) {
        if (isPlainAscii(raw)) {
            return new DecodedPath(raw, raw, StandardCharsets.US_ASCII, true);
        }
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); ) {
            int escaped = escapedByte(raw, i);
            if (escaped >= 0) {
                bytes[n++] = (byte) escaped;
                i += 3;
                continue;
            }
            char c = raw.charAt(i);
            if (c <= 0xFF) {
                bytes[n++] = (byte) c;
                i++;
            } else {
                int cp = raw.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, n, utf8.length);
                n += utf8.length;
                i += Character.charCount(cp);
            }
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
            return new DecodedPath(raw, text, StandardCharsets.UTF_8, false);
        } catch (CharacterCodingException e) {
            return new DecodedPath(
                    raw, new String(bytes, 0, n, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1, false);
        }
    }

    String raw() {
        return raw;
    }

    String decoded() {
        return decoded;
    }

    /**
     * The index in the encoded path right after the first {@code decodedLength} decoded chars, or
     * -1 when that boundary falls inside one encoded character.
     */
    int rawIndexAfter(int decodedLength) {
        if (identity) {
            return decodedLength;
        }
        int wanted = byteLength(decoded.substring(0, decodedLength));
        int consumed = 0;
        int i = 0;
        while (consumed < wanted && i < raw.length()) {
            if (escapedByte(raw, i) >= 0) {
                consumed++;
                i += 3;
            } else if (raw.charAt(i) <= 0xFF) {
                consumed++;
                i++;
            } else {
                int cp = raw.codePointAt(i);
                consumed += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                i += Character.charCount(cp);
            }
        }
        return consumed == wanted ? i : -1;
    }

    private int byteLength(String text) {
        if (charset == StandardCharsets.ISO_8859_1) {
            return text.length();
        }
        return charset.encode(CharBuffer.wrap(text)).remaining();
    }

    private static boolean isPlainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The byte of a valid {@code %XX} escape at {@code i}, or -1. */
    static int escapedByte(String s, int i) {
        if (s.charAt(i) != '%' || i + 2 >= s.length()) {
            return -1;
        }
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
