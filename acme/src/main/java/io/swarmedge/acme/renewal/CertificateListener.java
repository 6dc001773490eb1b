package io.swarmedge.acme.renewal;

/**
 * Receives the whole certificate set each time it changes (a certificate obtained, renewed, replaced,
 * read from the store after another replica ordered it, or dropped because nothing demands it).
 * Called from a virtual thread; must not block for long.
 */
@FunctionalInterface
public interface CertificateListener {
    void certificatesChanged(CertificateSet certificates);
}
