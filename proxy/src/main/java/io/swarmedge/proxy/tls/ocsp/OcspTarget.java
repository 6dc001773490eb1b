package io.swarmedge.proxy.tls.ocsp;

import io.swarmedge.proxy.tls.ServerCertificate;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * A certificate whose status can be stapled: its leaf, the leaf's issuer (the next certificate of
 * the chain) and the responder named in the leaf's Authority Information Access.
 *
 * @param leaf the served certificate
 * @param issuer the certificate that signed it
 * @param responder the responder's {@code http://} URL
 */
public record OcspTarget(X509Certificate leaf, X509Certificate issuer, URI responder) {

    /**
     * The target of a served certificate.
     *
     * @return empty when the leaf names no HTTP responder
     * @throws OcspException when it names one but the chain lacks the leaf's issuer
     */
    public static Optional<OcspTarget> of(ServerCertificate certificate) throws OcspException {
        X509Certificate leaf = certificate.leaf();
        Optional<URI> responder = responderOf(leaf);
        if (responder.isEmpty()) {
            return Optional.empty();
        }
        if (certificate.chain().size() < 2
                || !certificate.chain().get(1).getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            throw new OcspException("the chain has no issuer certificate after the leaf (\""
                    + leaf.getIssuerX500Principal().getName() + "\"), needed to ask " + responder.get());
        }
        return Optional.of(new OcspTarget(leaf, certificate.chain().get(1), responder.get()));
    }

    /** The first {@code http(s)://} OCSP responder in the certificate's Authority Information Access. */
    public static Optional<URI> responderOf(X509Certificate certificate) {
        if (certificate.getExtensionValue(Extension.authorityInfoAccess.getId()) == null) {
            return Optional.empty();
        }
        try {
            AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(
                    new JcaX509CertificateHolder(certificate).getExtensions());
            if (access == null) {
                return Optional.empty();
            }
            for (AccessDescription description : access.getAccessDescriptions()) {
                GeneralName location = description.getAccessLocation();
                if (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
                        && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String url = location.getName().toString();
                    if (url.startsWith("http://") || url.startsWith("https://")) {
                        return Optional.of(URI.create(url));
                    }
                }
            }
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** For logs: the leaf's serial in hex. */
    public String serial() {
        return leaf.getSerialNumber().toString(16);
    }
}
