package io.swarmedge.proxy.tls.grading;

/**
 * One line of testssl.sh's flat JSON output ({@code --jsonfile}).
 *
 * @param id testssl's finding id, e.g. {@code TLS1}, {@code cipherlist_AVERAGE}, {@code heartbleed};
 *     with several server certificates, certificate findings carry a suffix such as {@code " <cert#1>"}
 * @param severity testssl's rating: {@code OK}, {@code INFO}, {@code LOW}, {@code MEDIUM}, {@code HIGH},
 *     {@code CRITICAL}, {@code WARN} (could not test), {@code FATAL} (scan problem), {@code DEBUG}
 * @param finding testssl's text, e.g. {@code "not offered"} or {@code "VULNERABLE"}
 * @param cve the CVE ids testssl gives a vulnerability finding, space separated; empty for others
 */
record TestsslFinding(String id, String severity, String finding, String cve) {
    /** The id without a certificate suffix ({@code "cert_trust <cert#2>"} → {@code "cert_trust"}). */
    String baseId() {
        int space = id.indexOf(" <cert#");
        return space < 0 ? id : id.substring(0, space);
    }

    /** testssl rated it harmless: {@code OK} or {@code INFO}. */
    boolean harmless() {
        return severity.equals("OK") || severity.equals("INFO");
    }

    /** How the verdict quotes it: {@code [id] SEVERITY finding}. */
    String quoted() {
        return "[" + id + "] " + severity + " " + finding;
    }
}
