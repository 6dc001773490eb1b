/**
 * TLS termination groundwork: Traefik's {@code tls.options}, {@code tls.certificates} and {@code
 * tls.stores} on Netty's TLS engines (BoringSSL through netty-tcnative, JDK as the fallback).
 *
 * <p>How an entrypoint uses it: on each reload, off the event loops, {@link
 * io.swarmedge.proxy.tls.TlsContexts#build} with the {@code tls} section, a {@link
 * io.swarmedge.proxy.tls.TlsContexts.Selection} (the entrypoint's options name and, per host, the
 * options of the routers on it), a {@link io.swarmedge.proxy.tls.CertificateGenerator} and {@link
 * io.swarmedge.proxy.tls.TlsEngine#preferred()}; log {@code problems()} and {@code warnings()};
 * then each accepted TLS connection starts with {@link
 * io.swarmedge.proxy.tls.TlsContexts#newSniHandler()}. The handler replaces itself with an {@code
 * SslHandler}; ALPN's choice ({@code h2} or {@code http/1.1}) is read from it after the handshake.
 * A refused handshake ({@code sniStrict}) surfaces as an exception on the pipeline: close the
 * connection. Swapping in a new {@code TlsContexts} affects new connections only.
 *
 * <p>What outlives a reload is a {@link io.swarmedge.proxy.tls.TlsServices}, one per process, given
 * to every build: OCSP stapling ({@link io.swarmedge.proxy.tls.ocsp}) for certificates that name a
 * responder, and the session-ticket keys every OpenSSL context shares (resumption across contexts
 * and reloads; rotated every 12 h, the previous key still accepted).
 */
package io.swarmedge.proxy.tls;
