package io.swarmedge.proxy.balancer;

/**
 * The server chosen for one attempt of a request.
 *
 * @param endpoint the server
 * @param balancer the load balancer it belongs to (its settings apply to the request)
 * @param setCookie a {@code Set-Cookie} value to add to the response (sticky sessions), or null
 */
public record Pick(Endpoint endpoint, LoadBalancer balancer, String setCookie) {}
