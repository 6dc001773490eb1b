/**
 * OCSP stapling: the responder named by a served certificate's Authority Information Access is
 * asked in the background, its answer checked (signature, certificate id, validity period) and
 * handed to every OpenSSL handshake that asks for {@code status_request}. A handshake never waits
 * for the responder; the last good answer is served until it expires.
 */
package io.swarmedge.proxy.tls.ocsp;
