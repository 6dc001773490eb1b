package io.swarmedge.proxy.middleware;

/**
 * A router refers to a middleware that is not defined or failed to compile; the router must be
 * left out.
 */
public final class UnresolvedMiddlewareException extends RuntimeException {
    private final String middleware;

    UnresolvedMiddlewareException(String middleware, String reason) {
        super("middleware \"" + middleware + "\" " + reason);
        this.middleware = middleware;
    }

    /** The qualified name that could not be resolved. */
    public String middleware() {
        return middleware;
    }
}
