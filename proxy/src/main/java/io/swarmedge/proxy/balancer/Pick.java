package io.swarmedge.proxy.balancer;

import java.util.List;

/**
 * The server chosen for one attempt of a request.
 *
 * @param endpoint the server
 * @param balancer the load balancer it belongs to (its settings apply to the request)
 * @param setCookies {@code Set-Cookie} values to add to the response (sticky sessions), often none
 */
public record Pick(Endpoint endpoint, LoadBalancer balancer, List<String> setCookies) {
    public Pick {
        setCookies = List.copyOf(setCookies);
    }

    /** This pick with one more cookie to set. */
    Pick withCookie(String cookie) {
        List<String> all = new java.util.ArrayList<>(setCookies);
        all.add(cookie);
        return new Pick(endpoint, balancer, all);
    }
}
