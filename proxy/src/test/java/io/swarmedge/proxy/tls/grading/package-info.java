/**
 * The SSL Labs A+ criteria, checked with Debian's testssl.sh on loopback (test code only).
 *
 * <p>{@link io.swarmedge.proxy.tls.grading.TlsGrader} runs one {@link
 * io.swarmedge.proxy.tls.grading.Testssl} scan against a name served on a port, judges it with
 * {@link io.swarmedge.proxy.tls.grading.APlusCriteria} and returns a {@link
 * io.swarmedge.proxy.tls.grading.Verdict}: one line per criterion with the testssl finding ids it was
 * judged on, kept in {@code target/tls-grading/}. {@link io.swarmedge.proxy.tls.grading.GradingPki}
 * makes the test CA and server certificate; {@link io.swarmedge.proxy.tls.grading.NginxServer} is the
 * reference server. testssl 3.0.8 runs its renegotiation checks without SNI, so for servers that refuse
 * unknown names they are repeated with SNI by {@link
 * io.swarmedge.proxy.tls.grading.OpensslRenegotiationProbe}.
 */
package io.swarmedge.proxy.tls.grading;
