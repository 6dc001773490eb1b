package io.swarmedge.proxy.middleware;

/**
 * A middleware that could not be compiled; it is left out, and routers that use it are dropped.
 *
 * @param name the qualified middleware name ({@code hsts@file})
 * @param message what is wrong, naming the key
 */
public record MiddlewareError(String name, String message) {
    @Override
    public String toString() {
        return "middleware \"" + name + "\": " + message;
    }
}
