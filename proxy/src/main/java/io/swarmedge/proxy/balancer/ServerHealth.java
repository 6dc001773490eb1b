package io.swarmedge.proxy.balancer;

/**
 * Whether active health checks consider a server up. A server without health checks is always up;
 * servers start up (as in Traefik) until a check says otherwise.
 */
public final class ServerHealth {
    /** Shared by servers without active health checks. */
    public static final ServerHealth ALWAYS_UP = new ServerHealth();

    private volatile boolean up = true;

    public boolean up() {
        return up;
    }

    /** Records a check's verdict; true when it changed. */
    public boolean set(boolean nowUp) {
        boolean was = up;
        up = nowUp;
        return was != nowUp;
    }
}
