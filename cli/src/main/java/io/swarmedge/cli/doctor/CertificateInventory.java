package io.swarmedge.cli.doctor;

import java.util.List;

/**
 * The certificates the doctor could find, and what it could not read.
 *
 * @param sources the stores looked at ({@code swarm configs swarmedge-acme-*}, a directory, an acme.json)
 * @param certificates the readable ones
 * @param sealedEntries certificate entries found but not readable without the store key (Swarm configs)
 * @param problems entries or stores that could not be read, with why
 */
public record CertificateInventory(
        List<String> sources, List<CertificateInfo> certificates, int sealedEntries, List<String> problems) {
    public CertificateInventory {
        sources = List.copyOf(sources);
        certificates = List.copyOf(certificates);
        problems = List.copyOf(problems);
    }

    public static CertificateInventory empty() {
        return new CertificateInventory(List.of(), List.of(), 0, List.of());
    }
}
