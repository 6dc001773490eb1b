package io.swarmedge.config.rule;

import java.net.InetAddress;
import java.util.List;

/**
 * What a rule may look at in a request. The data plane adapts its request type to this; rules never
 * see Netty types.
 */
public interface RequestView {
    /** Host without port, lower case (from the Host header, or the URI's authority for HTTP/2). */
    String host();

    /** The request path, percent-decoded as Traefik matches it, without the query. */
    String path();

    /** The method, upper case. */
    String method();

    /** All values of a header (case-insensitive name), in order; empty when absent. */
    List<String> headerValues(String name);

    /** All values of a query parameter (decoded); empty when absent. */
    List<String> queryValues(String name);

    /** The client's address (the TCP peer, as Traefik's ClientIP uses). */
    InetAddress clientAddress();
}
