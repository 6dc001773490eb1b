/**
 * ACME certificates shared by every proxy replica.
 *
 * <ul>
 *   <li>{@code acme.store}: where certificates, accounts, challenges and locks live ({@link
 *       io.swarmedge.acme.store.CertificateStore}: a directory, or the Swarm's configs);
 *   <li>{@code acme.challenge}: HTTP-01 and TLS-ALPN-01 answers published through the store, so any
 *       replica can answer the CA;
 *   <li>{@code acme.order}: the CA conversation (acme4j): accounts, orders, revocation;
 *   <li>{@code acme.renewal}: {@link io.swarmedge.acme.renewal.CertificateKeeper}, which turns the
 *       demanded (resolver, domains) pairs into served certificates and keeps them fresh;
 *   <li>{@code acme.traefik}: import of Traefik's {@code acme.json}.
 * </ul>
 */
package io.swarmedge.acme;
