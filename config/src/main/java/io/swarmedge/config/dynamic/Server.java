package io.swarmedge.config.dynamic;

import java.net.URI;

/**
 * One backend of a load balancer.
 *
 * @param url {@code http://host:port[/path]} or {@code h2c://host:port}
 * @param weight relative weight (Traefik default 1)
 * @param preservePath keep the URL's path as a prefix of forwarded requests
 */
public record Server(URI url, int weight, boolean preservePath) {}
