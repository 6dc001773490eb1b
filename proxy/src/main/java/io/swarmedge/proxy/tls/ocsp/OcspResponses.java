package io.swarmedge.proxy.tls.ocsp;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP requests and the checks an answer must pass before it is stapled (RFC 6960): a successful
 * basic response, signed by the issuer or by a responder certificate the issuer delegated ({@code
 * id-kp-OCSPSigning}), about this certificate (issuer name and key hashes, serial), and current
 * ({@code thisUpdate} not in the future, {@code nextUpdate} not past).
 */
public final class OcspResponses {
    /** How long an answer without {@code nextUpdate} is served after its {@code thisUpdate}. */
    public static final Duration WITHOUT_NEXT_UPDATE = Duration.ofHours(1);

    /** Clock difference tolerated between us and the responder. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private OcspResponses() {}

    /** The DER request for the target's certificate (SHA-1 certificate id, as every responder takes). */
    public static byte[] request(OcspTarget target) throws OcspException {
        try {
            OCSPReq request =
                    new OCSPReqBuilder().addRequest(certificateId(target)).build();
            return request.getEncoded();
        } catch (OCSPException | IOException e) {
            throw new OcspException("cannot build the OCSP request: " + e.getMessage(), e);
        }
    }

    /**
     * Checks an answer.
     *
     * @param encoded the DER {@code OCSPResponse} from the responder
     * @param now the current time
     * @throws OcspException naming the check that failed
     */
    public static OcspAnswer validate(byte[] encoded, OcspTarget target, Instant now) throws OcspException {
        OCSPResp response;
        try {
            response = new OCSPResp(encoded);
        } catch (IOException | RuntimeException e) {
            throw new OcspException("not an OCSP response: " + e.getMessage(), e);
        }
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new OcspException("the responder answered with status " + responseStatus(response.getStatus()));
        }
        BasicOCSPResp basic;
        try {
            if (!(response.getResponseObject() instanceof BasicOCSPResp b)) {
                throw new OcspException("not a basic OCSP response");
            }
            basic = b;
        } catch (OCSPException e) {
            throw new OcspException("unreadable response body: " + e.getMessage(), e);
        }
        verifySignature(basic, target.issuer(), now);

        CertificateID wanted = certificateId(target);
        SingleResp single = null;
        for (SingleResp candidate : basic.getResponses()) {
            if (sameCertificate(candidate.getCertID(), wanted, target)) {
                single = candidate;
                break;
            }
        }
        if (single == null) {
            throw new OcspException("the response is not about certificate serial " + target.serial());
        }
        Instant thisUpdate = single.getThisUpdate().toInstant();
        if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
            throw new OcspException("thisUpdate " + thisUpdate + " is in the future");
        }
        Date next = single.getNextUpdate();
        Instant nextUpdate = next == null ? thisUpdate.plus(WITHOUT_NEXT_UPDATE) : next.toInstant();
        if (!now.isBefore(nextUpdate)) {
            throw new OcspException("the response expired at " + nextUpdate + " (nextUpdate)");
        }
        CertificateStatus status = single.getCertStatus();
        OcspStatus result;
        if (status == CertificateStatus.GOOD) {
            result = OcspStatus.GOOD;
        } else if (status instanceof RevokedStatus) {
            result = OcspStatus.REVOKED;
        } else {
            result = OcspStatus.UNKNOWN;
        }
        return new OcspAnswer(encoded, result, thisUpdate, nextUpdate);
    }

    private static void verifySignature(BasicOCSPResp basic, X509Certificate issuer, Instant now) throws OcspException {
        try {
            if (signedBy(basic, new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
                return;
            }
            X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            ContentVerifierProvider byIssuer = new JcaContentVerifierProviderBuilder().build(issuerHolder);
            for (X509CertificateHolder delegate : basic.getCerts()) {
                if (delegate.getIssuer().equals(issuerHolder.getSubject())
                        && delegate.isValidOn(Date.from(now))
                        && delegatedForOcsp(delegate)
                        && delegate.isSignatureValid(byIssuer)
                        && signedBy(basic, new JcaContentVerifierProviderBuilder().build(delegate))) {
                    return;
                }
            }
        } catch (OperatorCreationException | CertificateEncodingException | org.bouncycastle.cert.CertException e) {
            throw new OcspException("cannot check the response's signature: " + e.getMessage(), e);
        } catch (java.security.cert.CertificateException e) {
            throw new OcspException("unreadable responder certificate: " + e.getMessage(), e);
        }
        throw new OcspException("the response is not signed by the issuer \""
                + issuer.getSubjectX500Principal().getName() + "\" nor by a responder it delegated");
    }

    private static boolean signedBy(BasicOCSPResp basic, ContentVerifierProvider verifier) {
        try {
            return basic.isSignatureValid(verifier);
        } catch (OCSPException | RuntimeException e) {
            return false; // e.g. an RSA key against an ECDSA signature
        }
    }

    private static boolean delegatedForOcsp(X509CertificateHolder certificate) {
        ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(certificate.getExtensions());
        return usage != null && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
    }

    private static boolean sameCertificate(CertificateID candidate, CertificateID wanted, OcspTarget target)
            throws OcspException {
        if (!candidate.getSerialNumber().equals(wanted.getSerialNumber())) {
            return false;
        }
        try {
            // the responder may hash with another algorithm than our request did
            return candidate.matchesIssuer(new JcaX509CertificateHolder(target.issuer()), digests());
        } catch (OCSPException | CertificateEncodingException e) {
            throw new OcspException("cannot compare the response's certificate id: " + e.getMessage(), e);
        }
    }

    private static CertificateID certificateId(OcspTarget target) throws OcspException {
        try {
            return new CertificateID(
                    digests().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(target.issuer()),
                    target.leaf().getSerialNumber());
        } catch (OCSPException | OperatorCreationException | CertificateEncodingException e) {
            throw new OcspException("cannot compute the certificate id: " + e.getMessage(), e);
        }
    }

    private static DigestCalculatorProvider digests() throws OcspException {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new OcspException("no digest provider: " + e.getMessage(), e);
        }
    }

    private static String responseStatus(int status) {
        return switch (status) {
            case OCSPResp.MALFORMED_REQUEST -> "malformedRequest";
            case OCSPResp.INTERNAL_ERROR -> "internalError";
            case OCSPResp.TRY_LATER -> "tryLater";
            case OCSPResp.SIG_REQUIRED -> "sigRequired";
            case OCSPResp.UNAUTHORIZED -> "unauthorized";
            default -> String.valueOf(status);
        };
    }
}
