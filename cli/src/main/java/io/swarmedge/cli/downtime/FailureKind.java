package io.swarmedge.cli.downtime;

/** Why a request did not succeed, in the words an operator uses. */
public enum FailureKind {
    /** The TCP connection was refused: nothing listens on the port (or a firewall rejects). */
    REFUSED("refused"),
    /** The connection was reset, or closed before a complete answer arrived. */
    RESET("reset"),
    /** No complete answer within the request timeout (connect or read). */
    TIMEOUT("timeout"),
    /** The server answered with a 5xx status. */
    SERVER_ERROR("5xx"),
    /** Anything else: a 4xx status, no route to host, a malformed answer. */
    OTHER("other");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    /** The short name used in tables and JSON ({@code refused}, {@code reset}, {@code 5xx}, ...). */
    public String label() {
        return label;
    }
}
