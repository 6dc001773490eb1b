package io.swarmedge.proxy.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A test CA whose leaves name an OCSP responder in their Authority Information Access, the files
 * {@code openssl ocsp} serves from ({@code index.txt}, CA certificate and key), and OCSP answers
 * built in process for tests that need no responder.
 */
final class OcspTestPki {
    private static final DateTimeFormatter INDEX_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final SecureRandom random = new SecureRandom();
    private final KeyPair caKeys = ecKeys();
    private final X509Certificate ca;
    private final StringBuilder index = new StringBuilder();

    OcspTestPki(String name) {
        ca = certificate(new X500Name("CN=" + name), new X500Name("CN=" + name), caKeys, caKeys, true, null, List.of());
    }

    X509Certificate ca() {
        return ca;
    }

    /** A leaf for {@code host} naming {@code responder}, recorded in the index as valid or revoked. */
    ServerCertificate leaf(String host, String responder, boolean revoked) {
        KeyPair keys = ecKeys();
        X509Certificate leaf = certificate(
                new X500Name("CN=" + host),
                new X500Name(ca.getSubjectX500Principal().getName()),
                keys,
                caKeys,
                false,
                responder,
                List.of(host));
        String expiry = INDEX_TIME.format(leaf.getNotAfter().toInstant());
        String revokedAt = revoked ? INDEX_TIME.format(Instant.now().minus(Duration.ofHours(1))) : "";
        index.append(revoked ? "R" : "V")
                .append('\t')
                .append(expiry)
                .append('\t')
                .append(revokedAt)
                .append('\t')
                .append(indexSerial(leaf.getSerialNumber()))
                .append('\t')
                .append("unknown\t/CN=")
                .append(host)
                .append('\n');
        return ServerCertificate.of(List.of(leaf, ca), keys.getPrivate(), "ocsp test " + host);
    }

    /** As {@code openssl ocsp} looks serials up: upper-case hex, whole bytes. */
    private static String indexSerial(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** Writes {@code ca.pem}, {@code ca.key} and {@code index.txt} into {@code dir}. */
    void writeResponderFiles(Path dir) {
        try {
            Files.writeString(dir.resolve("ca.pem"), pem(ca));
            Files.writeString(dir.resolve("ca.key"), pem(caKeys.getPrivate()));
            Files.writeString(dir.resolve("index.txt"), index.toString());
            Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer about {@code leaf} signed by the CA, valid from {@code thisUpdate} to {@code nextUpdate}. */
    byte[] answer(ServerCertificate leaf, boolean revoked, Instant thisUpdate, Instant nextUpdate) {
        return answer(leaf, revoked, thisUpdate, nextUpdate, caKeys);
    }

    /** An answer signed with another key than the CA's (a forgery). */
    byte[] forgedAnswer(ServerCertificate leaf, Instant thisUpdate, Instant nextUpdate) {
        return answer(leaf, false, thisUpdate, nextUpdate, ecKeys());
    }

    private byte[] answer(
            ServerCertificate leaf, boolean revoked, Instant thisUpdate, Instant nextUpdate, KeyPair signer) {
        try {
            CertificateID id = new CertificateID(
                    new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(ca),
                    leaf.leaf().getSerialNumber());
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                    new RespID(new X500Name(ca.getSubjectX500Principal().getName())));
            builder.addResponse(
                    id,
                    revoked ? new RevokedStatus(Date.from(thisUpdate.minusSeconds(60)), 0) : CertificateStatus.GOOD,
                    Date.from(thisUpdate),
                    nextUpdate == null ? null : Date.from(nextUpdate));
            var basic = builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()), null, new Date());
            return new OCSPRespBuilder().build(OCSPResp.SUCCESSFUL, basic).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build an OCSP answer", e);
        }
    }

    private X509Certificate certificate(
            X500Name subject,
            X500Name issuer,
            KeyPair keys,
            KeyPair signer,
            boolean isCa,
            String responder,
            List<String> names) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(names.stream()
                                .map(n -> new GeneralName(GeneralName.dNSName, n))
                                .toArray(GeneralName[]::new)));
            }
            if (responder != null) {
                builder.addExtension(
                        Extension.authorityInfoAccess,
                        false,
                        new AuthorityInformationAccess(
                                AccessDescription.id_ad_ocsp,
                                new GeneralName(GeneralName.uniformResourceIdentifier, responder)));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(
                    object instanceof java.security.PrivateKey key
                            ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null)
                            : object);
        }
        return out.toString();
    }
}
