/**
 * The conversation with the CA (acme4j 4): {@link io.swarmedge.acme.order.ResolverSettings} checks a
 * resolver's static settings; {@link io.swarmedge.acme.order.AcmeClient} registers the account, orders
 * (HTTP-01 or TLS-ALPN-01 answered through the store) and revokes.
 */
package io.swarmedge.acme.order;
