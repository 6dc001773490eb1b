package io.swarmedge.cli.downtime;

/** How a worker uses connections. */
public enum ConnectionMode {
    /** A new TCP connection for every request ({@code Connection: close}): sees refused connects. */
    NEW("new"),
    /** One connection reused while the server keeps it open: sees resets of established connections. */
    KEEP_ALIVE("keep-alive");

    private final String label;

    ConnectionMode(String label) {
        this.label = label;
    }

    /** The name used in tables and JSON. */
    public String label() {
        return label;
    }
}
