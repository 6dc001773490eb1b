/**
 * Keeping certificates: {@link io.swarmedge.acme.renewal.CertificateKeeper} turns demands into served
 * certificates, renews them in the last third of their life, backs off on failures and keeps serving
 * what it has when the CA is away; {@link io.swarmedge.acme.renewal.RenewalPolicy} holds the schedule.
 */
package io.swarmedge.acme.renewal;
