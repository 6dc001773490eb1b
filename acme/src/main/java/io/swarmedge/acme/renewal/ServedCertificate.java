package io.swarmedge.acme.renewal;

import io.swarmedge.acme.CertificateBundle;
import io.swarmedge.acme.Demand;

/**
 * A certificate the proxy should serve for the names of its demand.
 *
 * @param demand what it answers
 * @param bundle the chain and key ({@code bundle.chainPem()}, {@code bundle.keyPem()} for PEM)
 */
public record ServedCertificate(Demand demand, CertificateBundle bundle) {}
