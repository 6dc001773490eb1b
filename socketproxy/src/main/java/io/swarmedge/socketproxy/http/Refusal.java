package io.swarmedge.socketproxy.http;

/**
 * Why a request is not forwarded: the HTTP status to answer with (400 for malformed input, 403 for a request that
 * is well formed but not allowed, 502 when the daemon cannot answer), the name of the rule that refused it, and a
 * short detail for the log and body.
 */
public record Refusal(int status, String rule, String detail) {
    public Refusal {
        if (status != 400 && status != 403 && status != 502) {
            throw new IllegalArgumentException("unexpected refusal status " + status);
        }
    }

    /** A malformed or ambiguous request (answered 400, connection closed). */
    public static Refusal malformed(String rule, String detail) {
        return new Refusal(400, rule, detail);
    }

    /** A well-formed request the policy does not allow (answered 403). */
    public static Refusal forbidden(String rule, String detail) {
        return new Refusal(403, rule, detail);
    }

    /** The text of the response body naming the rule. */
    public String body() {
        return "swarmedge socket-proxy refused the request: rule=" + rule + " " + detail + "\n";
    }
}
