package io.swarmedge.proxy.middleware;

import io.netty.util.AsciiString;

/** Validation of configured header names and values, once at compile time. */
final class HeaderText {
    private HeaderText() {}

    /**
     * A header name as a cached {@link AsciiString}.
     *
     * @throws IllegalArgumentException when it is not an HTTP token
     */
    static AsciiString name(String key, String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException(key + ": empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException(
                        key + ": invalid character '" + c + "' in header name \"" + name + "\" at column " + (i + 1));
            }
        }
        return AsciiString.cached(name);
    }

    /**
     * A header value.
     *
     * @throws IllegalArgumentException when it contains a control character (header injection)
     */
    static String value(String key, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new IllegalArgumentException(key + ": control character in header value at column " + (i + 1));
            }
        }
        return value;
    }
}
