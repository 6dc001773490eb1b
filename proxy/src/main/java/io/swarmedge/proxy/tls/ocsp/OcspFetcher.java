package io.swarmedge.proxy.tls.ocsp;

/** Asks a certificate's responder; blocking, called off the event loops. */
@FunctionalInterface
public interface OcspFetcher {
    /**
     * The responder's raw answer.
     *
     * @throws OcspException when it cannot be reached or answers with an HTTP error
     */
    byte[] fetch(OcspTarget target) throws OcspException;
}
