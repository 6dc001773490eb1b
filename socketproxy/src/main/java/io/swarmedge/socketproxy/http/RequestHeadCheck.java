package io.swarmedge.socketproxy.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strict check of one raw HTTP/1.x request head, run before Netty's lenient decoder sees it. Only a head that
 * has exactly one reading passes: CRLF line endings, {@code METHOD SP origin-form SP HTTP/1.x}, token header names,
 * no obs-fold, unambiguous framing (one Content-Length of digits, or {@code Transfer-Encoding: chunked} alone), one
 * Host, no h2c upgrade. Everything Netty would otherwise repair or guess about is refused here.
 *
 * <p>Stateful per connection so that a head arriving byte by byte is scanned once: call {@link #reset()} before
 * each new head.
 */
public final class RequestHeadCheck {
    /** The outcome of looking at the bytes received so far. */
    public sealed interface Result {
        /** The head is not complete yet and nothing wrong has been seen. */
        record NeedMore() implements Result {}

        /** A complete, valid head of {@code length} bytes (including the final empty line). */
        record Complete(int length) implements Result {}

        /** The head is refused. */
        record Refused(Refusal refusal) implements Result {}
    }

    private static final Result NEED_MORE = new Result.NeedMore();
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    private final int maxHeadBytes;
    private final int maxHeaders;
    private int scanned;
    private boolean requestLineChecked;

    public RequestHeadCheck(int maxHeadBytes, int maxHeaders) {
        this.maxHeadBytes = maxHeadBytes;
        this.maxHeaders = maxHeaders;
    }

    /** Forgets the previous head; the next {@link #check} starts a new one at the buffer's reader index. */
    public void reset() {
        scanned = 0;
        requestLineChecked = false;
    }

    /** Looks at the readable bytes of {@code in} (not consumed) as the start of a request head. */
    public Result check(ByteBuf in) {
        int start = in.readerIndex();
        int limit = Math.min(in.readableBytes(), maxHeadBytes);
        for (int i = scanned; i < limit; i++) {
            byte b = in.getByte(start + i);
            boolean afterCr = i > 0 && in.getByte(start + i - 1) == '\r';
            if (afterCr && b != '\n') {
                return refused("bare-cr", "CR not followed by LF in the request head");
            }
            if (b != '\n') {
                continue;
            }
            if (!afterCr) {
                return refused("bare-lf", "LF without CR in the request head");
            }
            if (!requestLineChecked) {
                requestLineChecked = true;
                Refusal bad = checkRequestLine(ascii(in, start, start + i - 1)).refusal;
                if (bad != null) {
                    return new Result.Refused(bad);
                }
            }
            if (i >= 3 && in.getByte(start + i - 2) == '\n') {
                scanned = i + 1;
                byte[] head = new byte[i + 1];
                in.getBytes(start, head);
                Refusal bad = checkHead(head);
                return bad == null ? new Result.Complete(i + 1) : new Result.Refused(bad);
            }
        }
        scanned = limit;
        if (in.readableBytes() >= maxHeadBytes) {
            return refused("head-too-large", "request head exceeds " + maxHeadBytes + " bytes");
        }
        return NEED_MORE;
    }

    private static Result refused(String rule, String detail) {
        return new Result.Refused(Refusal.malformed(rule, detail));
    }

    private static String ascii(ByteBuf in, int from, int to) {
        return in.toString(from, to - from, StandardCharsets.ISO_8859_1);
    }

    private record LineCheck(Refusal refusal, String version) {}

    private static LineCheck checkRequestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length == 2 && parts[1].startsWith("/")) {
            return bad("http-0.9", "request line without an HTTP version");
        }
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return bad("malformed-request-line", "expected METHOD SP TARGET SP VERSION");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (method.equals("PRI") && target.equals("*") && version.equals("HTTP/2.0")) {
            return bad("http2-preface", "HTTP/2 connection preface on an HTTP/1.1 port");
        }
        if (!isToken(method)) {
            return bad("invalid-method", "method is not a token");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            return version.startsWith("HTTP/")
                    ? bad("unsupported-http-version", "only HTTP/1.0 and HTTP/1.1 are accepted")
                    : bad("malformed-request-line", "no HTTP version");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return bad("invalid-target", "control, space or non-ASCII byte in the request target");
            }
        }
        if (target.charAt(0) != '/') {
            return bad("non-origin-form-target", "request target must start with /");
        }
        return new LineCheck(null, version);
    }

    private static LineCheck bad(String rule, String detail) {
        return new LineCheck(Refusal.malformed(rule, detail), "");
    }

    private Refusal checkHead(byte[] head) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < head.length; i++) {
            if (head[i] == '\n') {
                lines.add(new String(head, from, i - 1 - from, StandardCharsets.ISO_8859_1));
                from = i + 1;
            }
        }
        LineCheck requestLine = checkRequestLine(lines.getFirst());
        if (requestLine.refusal != null) {
            return requestLine.refusal;
        }
        boolean http10 = requestLine.version.equals("HTTP/1.0");
        int headers = lines.size() - 2; // minus the request line and the final empty line
        if (headers > maxHeaders) {
            return Refusal.malformed("too-many-headers", "more than " + maxHeaders + " header fields");
        }
        List<String> contentLength = new ArrayList<>();
        List<String> transferEncoding = new ArrayList<>();
        int hosts = 0;
        for (int n = 1; n <= headers; n++) {
            String line = lines.get(n);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                return Refusal.malformed("obs-fold", "header line folded onto the previous one");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                return Refusal.malformed("header-without-colon", "header line has no ':'");
            }
            if (colon == 0) {
                return Refusal.malformed("empty-header-name", "header line starts with ':'");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                return Refusal.malformed("invalid-header-name", "header name is not a token (whitespace before ':'?)");
            }
            String value = line.substring(colon + 1);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    return Refusal.malformed("invalid-header-value", "control byte in header " + name);
                }
            }
            value = value.strip();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "content-length" -> contentLength.add(value);
                case "transfer-encoding" -> transferEncoding.add(value);
                case "host" -> hosts++;
                case "http2-settings" -> {
                    return Refusal.malformed("upgrade-h2c", "HTTP2-Settings header (h2c upgrade)");
                }
                case "upgrade" -> {
                    for (String token : value.split(",")) {
                        if (token.strip().toLowerCase(Locale.ROOT).startsWith("h2c")) {
                            return Refusal.malformed("upgrade-h2c", "upgrade to h2c is not proxied");
                        }
                    }
                }
                default -> {}
            }
        }
        if (!contentLength.isEmpty() && !transferEncoding.isEmpty()) {
            return Refusal.malformed(
                    "content-length-with-transfer-encoding", "both Content-Length and Transfer-Encoding");
        }
        if (contentLength.size() > 1) {
            return Refusal.malformed("duplicate-content-length", "more than one Content-Length header");
        }
        if (contentLength.size() == 1) {
            String value = contentLength.getFirst();
            if (value.isEmpty()) {
                return Refusal.malformed("empty-content-length", "empty Content-Length");
            }
            if (value.length() > 15 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Refusal.malformed("invalid-content-length", "Content-Length is not a number");
            }
        }
        if (transferEncoding.size() > 1) {
            return Refusal.malformed("transfer-coding-not-chunked", "more than one Transfer-Encoding header");
        }
        if (transferEncoding.size() == 1) {
            if (!transferEncoding.getFirst().equalsIgnoreCase("chunked")) {
                return Refusal.malformed("transfer-coding-not-chunked", "only Transfer-Encoding: chunked is accepted");
            }
            if (http10) {
                return Refusal.malformed("transfer-encoding-in-http-1.0", "Transfer-Encoding in an HTTP/1.0 request");
            }
        }
        if (hosts > 1) {
            return Refusal.malformed("duplicate-host", "more than one Host header");
        }
        if (hosts == 0 && !http10) {
            return Refusal.malformed("missing-host", "HTTP/1.1 request without Host");
        }
        return null;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }
}
