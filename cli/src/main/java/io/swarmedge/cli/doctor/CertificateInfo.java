package io.swarmedge.cli.doctor;

import java.time.Instant;
import java.util.List;

/**
 * A certificate found in a store.
 *
 * @param name where it was found (store key or acme.json resolver and main name)
 * @param domains the names it covers
 * @param notAfter its leaf's expiry
 */
public record CertificateInfo(String name, List<String> domains, Instant notAfter) {
    public CertificateInfo {
        domains = List.copyOf(domains);
    }
}
