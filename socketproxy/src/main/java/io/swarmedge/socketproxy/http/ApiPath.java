package io.swarmedge.socketproxy.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker Engine API request target in canonical form: the percent-decoded path segments with the optional
 * {@code /vX.Y} prefix taken off (policies match on {@link #segments}), plus the raw query, which is passed on
 * unchanged. {@link #parse} refuses every target that a server could read in more than one way.
 *
 * @param version the API version prefix without the {@code v} ("1.41"), or empty
 * @param segments the decoded path segments after the version, never empty strings
 * @param query the raw query without {@code ?}, or empty
 */
public record ApiPath(String version, List<String> segments, String query) {
    private static final Pattern VERSION = Pattern.compile("v([0-9]+(?:\\.[0-9]+)*)");
    private static final int MAX_TARGET = 16 * 1024;

    public ApiPath {
        segments = List.copyOf(segments);
    }

    /** Parses an origin-form request target. */
    public static ApiPath parse(String target) throws RefusedException {
        if (target.length() > MAX_TARGET) {
            throw refuse400("target-too-long", "request target longer than " + MAX_TARGET);
        }
        if (!target.startsWith("/")) {
            throw refuse400("non-origin-form-target", "request target must start with /");
        }
        if (target.indexOf('#') >= 0) {
            throw refuse400("fragment-in-target", "request target contains '#'");
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw refuse400("invalid-target", "control, space or non-ASCII byte in the request target");
            }
        }
        if (rawPath.indexOf('\\') >= 0) {
            throw refuse403("backslash", "backslash in the path");
        }
        if (rawPath.contains("//")) {
            throw refuse403("empty-segment", "'//' in the path");
        }
        String decoded = decode(rawPath);
        List<String> segments = new ArrayList<>();
        if (!decoded.equals("/")) {
            for (String segment : decoded.substring(1).split("/", -1)) {
                if (segment.isEmpty()) {
                    throw refuse403("empty-segment", "empty path segment (trailing '/')");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw refuse403("dot-segment", "'.' or '..' segment in the path");
                }
                segments.add(segment);
            }
        }
        String version = "";
        if (!segments.isEmpty()) {
            var matcher = VERSION.matcher(segments.getFirst());
            if (matcher.matches()) {
                version = matcher.group(1);
                segments.removeFirst();
            }
        }
        return new ApiPath(version, segments, query);
    }

    private static String decode(String rawPath) throws RefusedException {
        if (rawPath.indexOf('%') < 0) {
            return rawPath; // printable ASCII already checked
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= rawPath.length()) {
                throw refuse400("bad-percent-encoding", "truncated percent-encoding in the path");
            }
            int hi = Character.digit(rawPath.charAt(i + 1), 16);
            int lo = Character.digit(rawPath.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw refuse400("bad-percent-encoding", "invalid percent-encoding in the path");
            }
            int b = hi * 16 + lo;
            switch (b) {
                case '/' -> throw refuse403("encoded-slash", "percent-encoded '/' in the path");
                case '.' -> throw refuse403("encoded-dot", "percent-encoded '.' in the path");
                case '\\' -> throw refuse403("backslash", "percent-encoded backslash in the path");
                case 0 -> throw refuse403("nul", "percent-encoded NUL in the path");
                default -> {
                    if (b < 0x20 || b == 0x7f) {
                        throw refuse403("control-character", "percent-encoded control byte in the path");
                    }
                }
            }
            bytes.write(b);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refuse400("bad-percent-encoding", "percent-encoded bytes are not UTF-8");
        }
    }

    /** The segment at {@code index}, if there is one. */
    public Optional<String> segment(int index) {
        return index < segments.size() ? Optional.of(segments.get(index)) : Optional.empty();
    }

    /** The same path with its last segment replaced (used to pin a name to the object ID it resolved to). */
    public ApiPath withSegment(int index, String value) {
        List<String> copy = new ArrayList<>(segments);
        copy.set(index, value);
        return new ApiPath(version, copy, query);
    }

    /** The canonical request target sent to the daemon: re-encoded segments and the original query. */
    public String toTarget() {
        StringBuilder target = new StringBuilder();
        if (!version.isEmpty()) {
            target.append("/v").append(version);
        }
        for (String segment : segments) {
            target.append('/');
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (isPathSafe(c)) {
                    target.append((char) c);
                } else {
                    target.append('%')
                            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        if (target.isEmpty()) {
            target.append('/');
        }
        if (!query.isEmpty()) {
            target.append('?').append(query);
        }
        return target.toString();
    }

    /** The decoded path for logs and rules: {@code /containers/abc/json}. */
    public String path() {
        return "/" + String.join("/", segments);
    }

    private static boolean isPathSafe(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    private static RefusedException refuse400(String rule, String detail) {
        return new RefusedException(Refusal.malformed(rule, detail));
    }

    private static RefusedException refuse403(String rule, String detail) {
        return new RefusedException(Refusal.forbidden(rule, detail));
    }
}
